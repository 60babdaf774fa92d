/** `gatehouse codeowners [--check]`: write .github/CODEOWNERS, or fail when it is stale. */
import { relative } from 'node:path';
import { syncCodeowners } from '../../app/codeowners.js';
import { parse } from '../args.js';
import { OPTIONS } from '../options.js';
import { EXIT, rootDirectory, type CliIo } from '../io.js';
import { findingLine } from '../../render/text.js';

export async function codeownersCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parse(argv, OPTIONS.codeowners);
  const root = rootDirectory(io, values.root);
  const outcome = await syncCodeowners(root, values.check ? 'check' : 'write');
  if (outcome.status === 'unreadable') {
    const lines = outcome.diagnostics.map(findingLine);
    io.stderr(['CODEOWNERS not generated: the repository does not load. Fix these first:', ...lines, ''].join('\n'));
    return EXIT.findings;
  }
  const shown = relative(io.cwd, outcome.path) || outcome.path;
  if (outcome.status === 'missing') {
    io.stderr(`${shown} is missing: run \`gatehouse codeowners\` and commit the result.\n`);
    return EXIT.findings;
  }
  if (outcome.status === 'stale') {
    io.stderr(`${shown} is stale: identity owners or the policy changed since it was generated. Run \`gatehouse codeowners\` and commit the result.\n`);
    return EXIT.findings;
  }
  io.stdout(outcome.status === 'written' ? `wrote ${shown}\n` : `${shown} is up to date\n`);
  return EXIT.ok;
}
