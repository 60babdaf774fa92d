/** `gatehouse validate` and `gatehouse lint`. */
import { GitReadError } from '../../adapters/git/git-repository.js';
import { IamDataCatalog } from '../../adapters/iam-data-catalog.js';
import { checkLoaded } from '../../app/lint.js';
import { lintScope, ScopeError } from '../../app/lint-scope.js';
import { hasErrors } from '../../core/lint/engine.js';
import { scopeFindings } from '../../core/lint/scope.js';
import { ALL_RULE_META } from '../../core/rules/index.js';
import { loadRepository } from '../../loader/load-repository.js';
import { renderGithub } from '../../render/github.js';
import { renderJson } from '../../render/json.js';
import { renderSarif } from '../../render/sarif.js';
import { renderText } from '../../render/text.js';
import { oneOf, parse } from '../args.js';
import { paletteFor } from '../color.js';
import { asCommandError, clockFrom, EXIT, rootDirectory, UsageError, type CliIo } from '../io.js';
import { CHECK_FORMATS, OPTIONS } from '../options.js';
import { fileSystemSource } from '../../adapters/fs-file-source.js';
import { VERSION } from '../version.js';

export function checkCommand(mode: 'validate' | 'lint') {
  return async (argv: string[], io: CliIo): Promise<number> => {
    const { values, positionals } = parse(argv, OPTIONS[mode], true);
    const format = oneOf('format', values.format, CHECK_FORMATS, 'text');
    const maxWarnings = warningLimit(values['max-warnings']);
    const today = clockFrom(io, values.today).today();
    const directory = rootDirectory(io, values.root);
    const loaded = await loadRepository(fileSystemSource(directory));
    const scope = await asCommandError([GitReadError, ScopeError], () =>
      lintScope(loaded, { directory, paths: positionals, cwd: io.cwd, changedSince: values['changed-since'] }),
    );
    const result = checkLoaded(loaded, { today, catalog: new IamDataCatalog(), mode });
    // Outside the change, findings are notes: another team's overdue review never fails this one.
    const findings = scope ? scopeFindings(result.findings, scope) : result.findings;
    const output = {
      text: () => renderText(findings, result.identityCount, { palette: paletteFor(io, values['no-color']), quiet: values.quiet === true }),
      json: () => renderJson(findings, result.identityCount, result.suppressed),
      sarif: () => renderSarif(findings, ALL_RULE_META, VERSION),
      github: () => renderGithub(values.quiet ? findings.filter((f) => f.severity === 'error') : findings),
    }[format]();
    io.stdout(output);
    if (hasErrors(findings)) return EXIT.findings;
    const warnings = findings.filter((f) => f.severity === 'warning').length;
    if (maxWarnings !== undefined && warnings > maxWarnings) {
      io.stderr(`gatehouse ${mode}: ${warnings} warning(s), more than --max-warnings ${maxWarnings}\n`);
      return EXIT.findings;
    }
    return EXIT.ok;
  };
}

function warningLimit(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,9}$/.test(value)) throw new UsageError(`--max-warnings takes a whole number of warnings, such as 0, not "${value}"`);
  return Number(value);
}
