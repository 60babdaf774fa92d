/**
 * The app `cdktf.json` points at, so `cdktf synth` (and `cdktf diff/deploy`) produce exactly what
 * `gatehouse synth` does: it is `gatehouse synth` (same loader, same validation, same refusal to
 * write on broken input, same messages and exit codes), on the root GATEHOUSE_ROOT names.
 * cdktf passes the output directory in CDKTF_OUTDIR.
 */
import { resolve } from 'node:path';
import { main } from '../src/cli/main.js';

const root = process.env.GATEHOUSE_ROOT;
process.exitCode = await main(['synth', '--out', resolve(process.env.CDKTF_OUTDIR ?? 'cdktf.out'), ...(root ? ['--root', root] : [])]);
