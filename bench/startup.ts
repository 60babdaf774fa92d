/**
 * The startup suite: what a pre-commit hook or a PR check pays per run. Builds dist/ (as `prepack`
 * does), then times whole processes, alternating their order, beside bare `node -e 0` in the same
 * run: `gatehouse --version` and `gatehouse validate` on the example repository, from the compiled
 * bundle (what an installed package runs) and through tsx (what this repository's bin/ runs).
 * Target: the compiled `validate` within 0.5 s of CPU time (wall time is shown too; it moves with
 * whatever else the machine runs).
 */
import { execFile } from 'node:child_process';
import { writeFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { CPU_PROBE, probedCpuMs } from './cpu-probe.js';
import { generateRepository } from './generate-repository.js';
import type { BenchOptions, BenchResult } from './run.js';

const REPO = fileURLToPath(new URL('../', import.meta.url));
const TARGET_MS = 500;
const run = promisify(execFile);

interface Task {
  readonly label: string;
  readonly args: readonly string[];
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

interface Sample {
  readonly wallMs: number;
  /** CPU time of the process: unlike wall time, it hardly moves with the machine's other load. */
  readonly cpuMs: number;
}

async function timed(args: readonly string[]): Promise<Sample> {
  const start = performance.now();
  const { stderr } = await run(process.execPath, ['--import', CPU_PROBE, ...args], { cwd: REPO, env: { ...process.env, GATEHOUSE_TODAY: '2026-11-25' }, maxBuffer: 64 * 1024 * 1024 }).catch((error: { code?: number; stderr?: string }) => {
    // Exit 1 is "findings": the generated repository carries a few mistakes by design.
    if (error.code === 1 && error.stderr !== undefined) return { stderr: error.stderr };
    throw error;
  });
  const wallMs = performance.now() - start;
  const cpuMs = probedCpuMs(stderr);
  if (cpuMs === undefined) throw new Error(`no CPU figure from node ${args.join(' ')}:\n${stderr}`);
  return { wallMs, cpuMs };
}

export async function runStartupBench(options: BenchOptions = {}): Promise<BenchResult> {
  const runs = options.runs ?? 5;
  await run(process.execPath, [join(REPO, 'scripts/build.mjs')], { cwd: REPO });
  const scratch = await mkdtemp(join(tmpdir(), 'gatehouse-bench-startup-'));
  try {
    // With a size (the large tier), the compiled validate of a generated repository of that many
    // identities too: what a pull request check of a large organisation pays per run.
    const generated = options.identities === undefined ? undefined : join(scratch, 'generated');
    if (generated !== undefined) await generateRepository(generated, options.identities!);
    // The installed package's bin finds no src/ and runs dist/; this entry does the same from here.
    const compiled = join(scratch, 'compiled.mjs');
    await writeFile(compiled, `const { main } = await import(${JSON.stringify(join(REPO, 'dist/gatehouse.js'))});\nprocess.exitCode = await main(process.argv.slice(2));\n`);
    const bin = join(REPO, 'bin/gatehouse.js');
    const tasks: Task[] = [
      { label: 'node -e 0', args: ['-e', '0'] },
      { label: 'compiled  --version', args: [compiled, '--version'] },
      { label: 'compiled  validate', args: [compiled, 'validate'] },
      { label: 'tsx (dev) --version', args: [bin, '--version'] },
      { label: 'tsx (dev) validate', args: [bin, 'validate'] },
      ...(generated === undefined ? [] : [{ label: `compiled  validate ${options.identities}`, args: [compiled, 'validate', '--root', generated] }]),
    ];
    const samples = new Map(tasks.map((task) => [task.label, [] as Sample[]]));
    await timed(tasks[2]!.args); // warm the file system cache once, for every task alike
    for (let round = 0; round < runs; round++) {
      for (const task of round % 2 === 0 ? tasks : [...tasks].reverse()) samples.get(task.label)!.push(await timed(task.args));
    }
    const figure = (label: string) => {
      const list = samples.get(label)!;
      return { wall: median(list.map((x) => x.wallMs)), cpu: median(list.map((x) => x.cpuMs)), all: list.map((x) => Math.round(x.wallMs)) };
    };
    const node = figure('node -e 0');
    const lines = tasks.map((task) => {
      const f = figure(task.label);
      const delta = Math.round(f.wall - node.wall);
      const over = task.label === 'node -e 0' ? '' : `  ${delta >= 0 ? '+' : ''}${delta} ms over node`;
      return `  ${task.label.padEnd(26)} ${`${Math.round(f.wall)} ms`.padStart(8)} wall ${`${Math.round(f.cpu)} ms`.padStart(8)} CPU${over.padEnd(22)}  [${f.all.join(', ')}]`;
    });
    const validate = figure('compiled  validate');
    const pass = validate.cpu <= TARGET_MS;
    const report = [
      `startup: whole processes, median of ${runs}, validate on the example repository (${REPO})`,
      ...lines,
      `  compiled validate ${Math.round(validate.cpu)} ms CPU, ${Math.round(validate.wall)} ms wall (target <= ${TARGET_MS} ms CPU): ${pass ? 'PASS' : 'MISS'}`,
      `  tsx costs ${Math.round(figure('tsx (dev) validate').cpu - validate.cpu)} ms CPU per validate over the compiled bundle`,
    ];
    const figures: Record<string, number> = {
      'node -e 0 CPU ms': node.cpu,
      'compiled --version CPU ms': figure('compiled  --version').cpu,
      'compiled validate (example) CPU ms': validate.cpu,
      'compiled validate (example) wall ms': validate.wall,
      ...(generated === undefined ? {} : { 'compiled validate (generated) CPU ms': figure(`compiled  validate ${options.identities}`).cpu }),
    };
    return { report: `${report.join('\n')}\n`, pass, figures };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
