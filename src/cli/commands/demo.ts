/** What `npm start` runs: the main job on the bundled example repository, no credentials needed. */
import { IamDataCatalog } from '../../adapters/iam-data-catalog.js';
import { checkRepository } from '../../app/lint.js';
import { hasErrors } from '../../core/lint/engine.js';
import { renderText } from '../../render/text.js';
import { COMMON_OPTIONS, parse } from '../args.js';
import { clockFrom, EXIT, rootOf, type CliIo } from '../io.js';

export async function demoCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parse(argv, COMMON_OPTIONS);
  const today = clockFrom(io, values.today).today();
  const source = rootOf(io, values.root);
  const result = await checkRepository(source, { today, catalog: new IamDataCatalog(), mode: 'lint' });
  io.stdout(`== lint (${source.label}, today ${today})\n`);
  io.stdout(renderText(result.findings, result.identityCount));
  return hasErrors(result.findings) ? EXIT.findings : EXIT.ok;
}
