/**
 * `gatehouse plan` on a 10,000-identity repository in a real git repository, with a 50-identity
 * change (modified, added and removed identities) between two commits. Timed as a user runs it:
 * `node bin/gatehouse.js plan --base main~1 --format json` in a child process, start to exit,
 * median of several runs. Target: under 3 s.
 *
 * plan reads only the identity files a change touches (an unchanged path cannot differ) unless
 * the change edits catalog/roles.yaml or catalog/accounts.yaml, which can change the access of
 * every identity: that slower path is timed once too, for the record (not part of the target).
 *
 *   npm run bench -- plan          (through the suite runner, bench/run.ts)
 *   npx tsx bench/plan.ts [--identities 10000] [--changed 50] [--runs 3]
 */
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { simpleGit } from 'simple-git';

const execFileAsync = promisify(execFile);
const ROOT = fileURLToPath(new URL('../', import.meta.url));
const TODAY = '2026-11-25';
export const TARGET_MS = 3000;

const EXAMPLES = [
  'identities/payments/payments-api.yaml',
  'identities/payments/payments-webhook.yaml',
  'identities/data/data-etl.yaml',
  'identities/data/data-warehouse-vendor.yaml',
  'identities/platform/platform-log-shipper.yaml',
  'identities/platform/platform-image-puller.yaml',
];

export interface PlanBenchResult {
  readonly identities: number;
  readonly changed: number;
  readonly medianMs: number;
  readonly pass: boolean;
  readonly report: string;
}

/** A copy of an example identity under a new name (and new secret names, which must be unique). */
function clone(text: string, index: number): { name: string; text: string } {
  const renamed = text.replace(/^(  name: )(\S+)$/m, `$1$2-${index}`).replace(/^(    - name: )(\S+)$/gm, `$1$2-${index}`);
  return { name: /^ {2}name: (\S+)$/m.exec(renamed)![1]!, text: renamed };
}

async function writeRepository(root: string, identities: number): Promise<string[]> {
  await cp(join(ROOT, 'catalog'), join(root, 'catalog'), { recursive: true });
  const texts = await Promise.all(EXAMPLES.map((file) => readFile(join(ROOT, file), 'utf8')));
  const files: string[] = [];
  for (let index = 0; index < identities; index++) {
    const example = index % EXAMPLES.length;
    const { name, text } = clone(texts[example]!, index);
    const file = `${dirname(EXAMPLES[example]!)}/${name}.yaml`;
    await mkdir(join(root, dirname(file)), { recursive: true });
    await writeFile(join(root, file), text);
    files.push(file);
  }
  return files;
}

/** The change: two fifths modified (longer sessions), one fifth removed, two fifths added. */
async function writeChange(root: string, files: readonly string[], changed: number, identities: number): Promise<void> {
  const modified = Math.round((changed * 2) / 5);
  const removed = Math.round(changed / 5);
  const added = changed - modified - removed;
  const step = Math.floor(files.length / changed);
  for (let index = 0; index < modified + removed; index++) {
    const file = join(root, files[index * step]!);
    if (index < modified) await writeFile(file, (await readFile(file, 'utf8')).replace(/^  sessionHours: \d+$/m, '  sessionHours: 4').replace(/^(  expires: )\S+$/m, '$12027-09-30'));
    else await rm(file);
  }
  const texts = await Promise.all(EXAMPLES.map((file) => readFile(join(ROOT, file), 'utf8')));
  for (let index = 0; index < added; index++) {
    const { name, text } = clone(texts[index % EXAMPLES.length]!, identities + index);
    await writeFile(join(root, dirname(EXAMPLES[index % EXAMPLES.length]!), `${name}.yaml`), text);
  }
}

async function commitAll(root: string, message: string): Promise<void> {
  const git = simpleGit({ baseDir: root });
  await git.raw(['add', '-A']);
  await git.raw(['-c', 'user.name=bench', '-c', 'user.email=bench@example.com', 'commit', '-q', '-m', message]);
}

/** One CLI run, start to exit; checks the plan saw exactly the identities the bench changed. */
async function timePlan(root: string, base: string, changed: number): Promise<number> {
  const start = performance.now();
  const { stdout } = await execFileAsync(process.execPath, [join(ROOT, 'bin/gatehouse.js'), 'plan', '--base', base, '--format', 'json', '--today', TODAY], {
    cwd: root,
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = performance.now() - start;
  const reported = (JSON.parse(stdout) as { identities: unknown[] }).identities.length;
  if (reported !== changed) throw new Error(`plan reported ${reported} changed identities, the bench changed ${changed}`);
  return ms;
}

export async function runPlanBench(options: { identities?: number; changed?: number; runs?: number } = {}): Promise<PlanBenchResult> {
  const identities = options.identities ?? 10_000;
  const changed = options.changed ?? 50;
  const runs = options.runs ?? 3;
  const root = await mkdtemp(join(tmpdir(), 'gatehouse-bench-plan-'));
  try {
    const files = await writeRepository(root, identities);
    await simpleGit({ baseDir: root }).raw(['init', '-q', '-b', 'main']);
    await commitAll(root, 'base');
    await writeChange(root, files, changed, identities);
    await commitAll(root, `change ${changed} identities`);

    const samples: number[] = [];
    for (let run = 0; run < runs; run++) samples.push(await timePlan(root, 'main~1', changed));
    const medianMs = [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)]!;
    const pass = medianMs < TARGET_MS;

    const roles = join(root, 'catalog/roles.yaml');
    await writeFile(roles, `${await readFile(roles, 'utf8')}# a catalog edit: every identity is compared\n`);
    await commitAll(root, 'edit the catalog');
    const catalogMs = await timePlan(root, 'main~2', changed);

    const report = [
      `plan: ${identities} identities in git, ${changed} changed (modified, removed, added) between two commits; median of ${runs} CLI runs, process start to exit`,
      `  gatehouse plan --base main~1 --format json  ${Math.round(medianMs)} ms  [${samples.map((ms) => Math.round(ms)).join(', ')}]  (target < ${TARGET_MS} ms): ${pass ? 'PASS' : 'MISS'}`,
      `  the same change with a catalog edit         ${Math.round(catalogMs)} ms  (every head identity read and re-resolved; not part of the target)`,
      '',
    ].join('\n');
    return { identities, changed, medianMs, pass, report };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { identities: { type: 'string' }, changed: { type: 'string' }, runs: { type: 'string' } } });
  const result = await runPlanBench({
    identities: Number(values.identities ?? 10_000),
    changed: Number(values.changed ?? 50),
    runs: Number(values.runs ?? 3),
  });
  process.stdout.write(result.report);
  process.exitCode = result.pass ? 0 : 1;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
