/**
 * What `npm start` runs: the main job on the bundled example repository, no credentials needed:
 * validate, lint, then synth into cdktf.out with a summary per stack.
 */
import { resolve } from 'node:path';
import { IamDataCatalog } from '../../adapters/iam-data-catalog.js';
import { checkLoaded } from '../../app/lint.js';
import { synthLoaded } from '../../app/synth.js';
import { hasErrors } from '../../core/lint/engine.js';
import { loadRepository } from '../../loader/load-repository.js';
import { renderText } from '../../render/text.js';
import { parse } from '../args.js';
import { OPTIONS } from '../options.js';
import { clockFrom, EXIT, rootDirectory, rootOf, type CliIo } from '../io.js';
import { provenanceOf, renderProvenance, renderSynthOutcome } from './synth.js';

export async function demoCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parse(argv, OPTIONS.demo);
  const today = clockFrom(io, values.today).today();
  const source = rootOf(io, values.root);
  const catalog = new IamDataCatalog();
  const loaded = await loadRepository(source);

  const validated = checkLoaded(loaded, { today, catalog, mode: 'validate' });
  io.stdout(`== validate (${source.label}, today ${today})\n`);
  io.stdout(renderText(validated.findings, validated.identityCount));

  const linted = checkLoaded(loaded, { today, catalog, mode: 'lint' });
  io.stdout(`\n== lint\n`);
  io.stdout(renderText(linted.findings, linted.identityCount));

  const outLabel = values.out ?? 'cdktf.out';
  io.stdout(`\n== synth -> ${outLabel}\n`);
  const provenance = await provenanceOf(rootDirectory(io, values.root), {}, io.env);
  const synth = await synthLoaded(loaded, {
    today,
    out: resolve(io.cwd, outLabel),
    provenance: provenance.provenance,
    catalog,
  });
  if (synth.ok) io.stdout(renderProvenance(provenance));
  io.stdout(renderSynthOutcome(synth, outLabel));
  return hasErrors(linted.findings) || !synth.ok ? EXIT.findings : EXIT.ok;
}
