/** `gatehouse validate` and `gatehouse lint`. */
import { IamDataCatalog } from '../../adapters/iam-data-catalog.js';
import { checkRepository } from '../../app/lint.js';
import { hasErrors } from '../../core/lint/engine.js';
import { ALL_RULE_META } from '../../core/rules/index.js';
import { renderGithub } from '../../render/github.js';
import { renderJson } from '../../render/json.js';
import { renderSarif } from '../../render/sarif.js';
import { renderText } from '../../render/text.js';
import { COMMON_OPTIONS, oneOf, parse } from '../args.js';
import { clockFrom, EXIT, rootOf, type CliIo } from '../io.js';
import { VERSION } from '../version.js';

const FORMATS = ['text', 'json', 'sarif', 'github'] as const;

export function checkCommand(mode: 'validate' | 'lint') {
  return async (argv: string[], io: CliIo): Promise<number> => {
    const { values } = parse(argv, { ...COMMON_OPTIONS, format: { type: 'string', short: 'f' } });
    const format = oneOf('format', values.format, FORMATS, 'text');
    const today = clockFrom(io, values.today).today();
    const result = await checkRepository(rootOf(io, values.root), { today, catalog: new IamDataCatalog(), mode });
    const findings = result.findings;
    const output = {
      text: () => renderText(findings, result.identityCount),
      json: () => renderJson(findings, result.identityCount, result.suppressed),
      sarif: () => renderSarif(findings, ALL_RULE_META, VERSION),
      github: () => renderGithub(findings),
    }[format]();
    io.stdout(output);
    return hasErrors(findings) ? EXIT.findings : EXIT.ok;
  };
}
