/**
 * The app `cdktf.json` points at, so `cdktf synth` (and `cdktf diff/deploy`) produce exactly what
 * `gatehouse synth` does: same loader, same validation, same refusal to write on broken input.
 * cdktf passes the output directory in CDKTF_OUTDIR.
 */
import { resolve } from 'node:path';
import { IamDataCatalog } from '../src/adapters/iam-data-catalog.js';
import { synthRepository } from '../src/app/synth.js';
import { provenanceOf, renderProvenance, renderSynthOutcome } from '../src/cli/commands/synth.js';
import { clockFrom, processIo, rootOf } from '../src/cli/io.js';

const out = resolve(process.env.CDKTF_OUTDIR ?? 'cdktf.out');
// Per identity from git history, as `gatehouse synth` does (a shallow clone stops here with the fix).
const provenance = await provenanceOf(resolve(process.env.GATEHOUSE_ROOT ?? '.'), {}, process.env);
const outcome = await synthRepository(rootOf(processIo, process.env.GATEHOUSE_ROOT), {
  today: clockFrom(processIo, undefined).today(),
  out,
  provenance: provenance.provenance,
  catalog: new IamDataCatalog(),
});
if (outcome.ok) process.stdout.write(renderProvenance(provenance));
process.stdout.write(renderSynthOutcome(outcome, out));
process.exitCode = outcome.ok ? 0 : 1;
