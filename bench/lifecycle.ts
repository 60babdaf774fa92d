/**
 * The lifecycle suite: the scheduled jobs that read the whole repository every day, `expire` and
 * `recertify` (both `--within 30d --format json`), as whole processes on a generated repository,
 * beside `gatehouse validate` of the same repository in the same run: loading is the part they
 * cannot avoid, so the target is what each adds to it. Target: each within 1.5x validate's CPU.
 *
 *   npx tsx bench/lifecycle.ts [--identities 10000] [--runs 3]
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { CPU_PROBE, probedCpuMs } from './cpu-probe.js';
import { generateRepository } from './generate-repository.js';
import type { BenchOptions, BenchResult } from './run.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const TODAY = '2026-11-25';
const TARGET_RATIO = 1.5;

const JOBS = {
  validate: ['validate', '--format', 'json'],
  expire: ['expire', '--within', '30d', '--format', 'json'],
  recertify: ['recertify', '--within', '30d', '--format', 'json'],
} as const;
type Job = keyof typeof JOBS;

async function timed(job: Job, root: string): Promise<{ wall: number; cpu: number }> {
  const started = performance.now();
  const { stderr } = await promisify(execFile)(process.execPath, ['--import', CPU_PROBE, join(ROOT, 'bin/gatehouse.js'), ...JOBS[job], '--root', root, '--today', TODAY], { maxBuffer: 256 * 1024 * 1024 }).catch(
    // Exit 1 means "findings": the generated repository has overdue and expired identities by design.
    (error: { code?: number; stdout?: string; stderr?: string }) => {
      if (error.code === 1 && error.stdout) return { stderr: error.stderr ?? '' };
      throw error;
    },
  );
  return { wall: performance.now() - started, cpu: probedCpuMs(stderr) ?? Number.NaN };
}

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export async function runLifecycleBench(options: BenchOptions = {}): Promise<BenchResult> {
  const identities = options.identities ?? 10_000;
  const runs = options.runs ?? 3;
  const root = await mkdtemp(join(tmpdir(), 'gatehouse-bench-lifecycle-'));
  try {
    await generateRepository(root, identities);
    const jobs = Object.keys(JOBS) as Job[];
    const samples = new Map(jobs.map((job) => [job, [] as { wall: number; cpu: number }[]]));
    for (let run = 0; run < runs; run++) {
      // Rotated, so that no job always runs first on a cold page cache.
      for (const job of [...jobs.slice(run % jobs.length), ...jobs.slice(0, run % jobs.length)]) samples.get(job)!.push(await timed(job, root));
    }
    const figure = (job: Job) => ({ wall: median(samples.get(job)!.map((s) => s.wall)), cpu: median(samples.get(job)!.map((s) => s.cpu)) });
    const baseline = figure('validate');
    const lines = [`lifecycle: the daily jobs on ${identities} generated identities, whole processes (medians of ${runs}), beside validate of the same repository`];
    let pass = true;
    const figures: Record<string, number> = {};
    for (const job of jobs) {
      const { wall, cpu } = figure(job);
      figures[`${job} CPU ms`] = cpu;
      figures[`${job} wall ms`] = wall;
      const ratio = cpu / baseline.cpu;
      if (job !== 'validate' && ratio > TARGET_RATIO) pass = false;
      lines.push(`  ${job.padEnd(10)} ${`${Math.round(cpu)} ms CPU`.padStart(13)} ${`${Math.round(wall)} ms wall`.padStart(15)}${job === 'validate' ? '  (baseline)' : `  ${ratio.toFixed(2)}x validate's CPU`}`);
    }
    lines.push(`  target: expire and recertify within ${TARGET_RATIO}x validate's CPU: ${pass ? 'PASS' : 'MISS'}`);
    return { report: lines.join('\n'), pass, figures };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const { values } = parseArgs({ args: process.argv.slice(2), options: { identities: { type: 'string' }, runs: { type: 'string' } } });
  const result = await runLifecycleBench({ ...(values.identities ? { identities: Number(values.identities) } : {}), ...(values.runs ? { runs: Number(values.runs) } : {}) });
  process.stdout.write(`${result.report}\n`);
}
