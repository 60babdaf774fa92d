/**
 * The app `cdktf.json` points at, so `cdktf synth` (and `cdktf diff/deploy`) produce exactly what
 * `gatehouse synth` does: same loader, same validation, same refusal to write on broken input.
 * cdktf passes the output directory in CDKTF_OUTDIR.
 */
import { resolve } from 'node:path';
import { IamDataCatalog } from '../src/adapters/iam-data-catalog.js';
import { provenanceFromEnvironment, synthRepository } from '../src/app/synth.js';
import { renderSynthOutcome } from '../src/cli/commands/synth.js';
import { clockFrom, processIo, rootOf } from '../src/cli/io.js';

const out = resolve(process.env.CDKTF_OUTDIR ?? 'cdktf.out');
const outcome = await synthRepository(rootOf(processIo, process.env.GATEHOUSE_ROOT), {
  today: clockFrom(processIo, undefined).today(),
  out,
  provenance: await provenanceFromEnvironment({}, process.env),
  catalog: new IamDataCatalog(),
});
process.stdout.write(renderSynthOutcome(outcome, out));
process.exitCode = outcome.ok ? 0 : 1;
