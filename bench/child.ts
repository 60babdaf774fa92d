/**
 * One measured task in a process of its own, so that its peak RSS is its own and no cache or JIT
 * warm-up of another task helps it. Prints one JSON line: the figures the parent reports.
 *
 *   node --import tsx bench/child.ts <floor|validate|lint|lint-changed> <repository root> [today]
 *
 * `lint-changed` is the pull request's lint: `lint --changed-since HEAD` in a git repository with
 * one identity edited in the working tree, so only that identity decides the exit code.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

export type ChildTask = 'floor' | 'validate' | 'lint' | 'lint-changed';

export interface ChildFigures {
  readonly task: ChildTask;
  /** Wall-clock time of the task, module loading included (node and tsx start-up excluded). */
  readonly ms: number;
  /** CPU time (user + system) of the same span. */
  readonly cpuMs: number;
  /** Peak resident set size of the whole process. */
  readonly maxRssMb: number;
  readonly files: number;
  /** lint/validate: findings printed; floor: documents parsed. */
  readonly count: number;
}

/** The least any YAML linter must do: find the files, read them, parse them with positions. */
async function floor(root: string): Promise<{ files: number; count: number }> {
  const { LineCounter, parseDocument } = await import('yaml');
  const entries = await readdir(join(root, 'identities'), { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile() && /\.ya?ml$/.test(e.name)).map((e) => join(e.parentPath, e.name));
  let count = 0;
  for (let start = 0; start < files.length; start += 256) {
    const texts = await Promise.all(files.slice(start, start + 256).map((f) => readFile(f, 'utf8')));
    for (const text of texts) if (parseDocument(text, { lineCounter: new LineCounter() }).contents) count++;
  }
  return { files: files.length, count };
}

/** The real command, in-process: argument parsing, loading, rules, locating, rendering. */
async function command(task: 'validate' | 'lint' | 'lint-changed', root: string, today: string): Promise<{ files: number; count: number }> {
  const { main } = await import('../src/cli/main.js');
  let output = '';
  const argv = task === 'lint-changed' ? ['lint', '--changed-since', 'HEAD'] : [task];
  const code = await main([...argv, '--root', root, '--today', today], { stdout: (text) => void (output += text), stderr: (text) => void (output += text), env: {}, cwd: root });
  if (code === 2) throw new Error(`gatehouse ${task} failed:\n${output}`);
  const summary = /^(\d+) identities checked: (\d+) error\(s\), (\d+) warning\(s\), (\d+) note\(s\)$/m.exec(output);
  if (!summary) throw new Error(`gatehouse ${task} printed no summary:\n${output.slice(-2000)}`);
  const [, files, errors, warnings, notes] = summary.map(Number) as [number, number, number, number, number];
  return { files, count: errors + warnings + notes };
}

async function runTask(task: ChildTask, root: string, today: string): Promise<ChildFigures> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const { files, count } = task === 'floor' ? await floor(root) : await command(task, root, today);
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { task, ms, cpuMs: (used.user + used.system) / 1000, maxRssMb: process.resourceUsage().maxRSS / 1024, files, count };
}

const [task, root, today = '2026-11-25'] = process.argv.slice(2);
if (task !== 'floor' && task !== 'validate' && task !== 'lint' && task !== 'lint-changed') throw new Error('usage: bench/child.ts <floor|validate|lint|lint-changed> <root> [today]');
if (!root) throw new Error('bench/child.ts needs the repository root');
process.stdout.write(`${JSON.stringify(await runTask(task, root, today))}\n`);
