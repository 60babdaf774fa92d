/**
 * The lint suite: 10,000 realistic identity files, and three tasks each in fresh child processes:
 * the floor (read and YAML-parse the same files), `gatehouse validate`, `gatehouse lint`, and the
 * pull request's lint (`lint --changed-since HEAD` with one identity edited, in a git repository).
 * Targets: lint within 3x the floor's wall time (CPU time shown beside it, judged too: it does
 * not move with the machine's other load), and under 400 MB peak RSS.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { ChildFigures, ChildTask } from './child.js';
import { generateRepository } from './generate-repository.js';
import type { BenchOptions, BenchResult } from './run.js';

const CHILD = fileURLToPath(new URL('./child.ts', import.meta.url));
const REPO = fileURLToPath(new URL('../', import.meta.url));
const TARGET_RATIO = 3;
const TARGET_RSS_MB = 400;

async function child(task: ChildTask, root: string): Promise<ChildFigures> {
  // cwd: `--import tsx` resolves from the working directory, which must be this repository.
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', CHILD, task, root], { cwd: REPO, maxBuffer: 16 * 1024 * 1024 });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as ChildFigures;
}

/** A git repository of the generated files with one identity edited in the working tree, as a PR's checkout has. */
async function committedWithOneEdit(root: string): Promise<void> {
  const run = (...args: string[]) => promisify(execFile)('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd: root, maxBuffer: 64 * 1024 * 1024 });
  await run('init', '--quiet');
  await run('add', '.');
  await run('commit', '--quiet', '-m', 'generated');
  const { stdout } = await run('ls-files', 'identities');
  const first = stdout.split('\n')[0] as string;
  const path = join(root, first);
  await writeFile(path, (await readFile(path, 'utf8')).replace(/description: (.*)/, 'description: $1 (edited)'));
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

export async function runLintBench(options: BenchOptions = {}): Promise<BenchResult> {
  const identities = options.identities ?? 10_000;
  const runs = options.runs ?? 3;
  const root = await mkdtemp(join(tmpdir(), 'gatehouse-bench-lint-'));
  try {
    const generated = performance.now();
    await generateRepository(root, identities);
    const generateMs = performance.now() - generated;
    await committedWithOneEdit(root);

    const tasks: ChildTask[] = ['floor', 'validate', 'lint', 'lint-changed'];
    const samples = new Map<ChildTask, ChildFigures[]>(tasks.map((t) => [t, []]));
    for (let run = 0; run < runs; run++) {
      // Alternate the order so that no task always runs on a cooler (or warmer) machine.
      for (const task of run % 2 === 0 ? tasks : [...tasks].reverse()) samples.get(task)!.push(await child(task, root));
    }
    const figures = (task: ChildTask) => {
      const list = samples.get(task)!;
      return { ms: median(list.map((s) => s.ms)), cpuMs: median(list.map((s) => s.cpuMs)), rss: Math.max(...list.map((s) => s.maxRssMb)), files: list[0]!.files, count: list[0]!.count, all: list.map((s) => Math.round(s.ms)) };
    };
    const floor = figures('floor');
    const line = (task: ChildTask, what: string) => {
      const f = figures(task);
      const ratio = task === 'floor' ? '' : `  ${(f.ms / floor.ms).toFixed(2)}x floor`;
      return `  ${task.padEnd(12)} ${`${Math.round(f.ms)} ms`.padStart(9)} wall ${`${Math.round(f.cpuMs)} ms`.padStart(9)} CPU ${`${Math.round(f.rss)} MB`.padStart(7)} peak RSS${ratio.padEnd(14)}  ${what}  [${f.all.join(', ')}]`;
    };
    const lint = figures('lint');
    const validate = figures('validate');
    const ratio = lint.ms / floor.ms;
    const cpuRatio = lint.cpuMs / floor.cpuMs;
    const fast = ratio <= TARGET_RATIO;
    const cpuFast = cpuRatio <= TARGET_RATIO;
    const lean = lint.rss < TARGET_RSS_MB;
    const report = [
      `lint: ${identities} generated identity files (${Math.round(generateMs)} ms to write); median of ${runs} child processes each`,
      line('floor', `read + YAML-parse ${floor.files} files (yaml parseDocument with positions)`),
      line('validate', `gatehouse validate: ${validate.files} files, ${validate.count} findings`),
      line('lint', `gatehouse lint: ${lint.files} files, ${lint.count} findings`),
      line('lint-changed', `gatehouse lint --changed-since HEAD, one identity edited: ${(lint.ms === 0 ? 0 : figures('lint-changed').ms / lint.ms).toFixed(2)}x whole-repository lint`),
      `  time     ${ratio.toFixed(2)}x the floor in wall time (target <= ${TARGET_RATIO}x): ${fast ? 'PASS' : 'MISS'}`,
      // Wall time suffers from whatever else the machine runs; CPU time shows whether the miss is ours.
      `  CPU      ${cpuRatio.toFixed(2)}x the floor in CPU time (target <= ${TARGET_RATIO}x): ${cpuFast ? 'PASS' : 'MISS'}`,
      `  memory   ${Math.round(lint.rss)} MB peak RSS (target < ${TARGET_RSS_MB} MB): ${lean ? 'PASS' : 'MISS'}`,
    ];
    const changed = figures('lint-changed');
    const seconds = (ms: number) => Math.round(ms) / 1000;
    return {
      report: `${report.join('\n')}\n`,
      pass: fast && cpuFast && lean,
      figures: {
        'lint s': seconds(lint.ms),
        'lint CPU s': seconds(lint.cpuMs),
        'lint peak RSS MB': Math.round(lint.rss),
        'validate s': seconds(validate.ms),
        'validate peak RSS MB': Math.round(validate.rss),
        'lint --changed-since s': seconds(changed.ms),
      },
      baselines: { 'floor s': seconds(floor.ms) },
    };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
