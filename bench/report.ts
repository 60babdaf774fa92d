/**
 * The report suite: `gatehouse report --format html` of a generated 10,000-identity repository
 * (50,000 in the large tier), in a fresh child process: wall and CPU time per phase (model: load,
 * lint, risk, grants; index: charts, graph, inventory data; pages: the plain inventory and
 * identity pages rendered and written as a stream), peak RSS, and the size of what an auditor
 * downloads (index.html, the whole site). Targets: at 10,000 identities the site within 60 s of
 * CPU time (wall time is shown beside it, but on a shared machine it measures the other load as
 * much as ours; at a larger size the large tier's growth table judges the time); index.html under
 * 15 MB at every size, so a browser opens it promptly.
 *
 * Then the same repository as the daily lifecycle job sees it: committed to git, 50 identities
 * edited in a second commit, reported with each identity's history and `--base HEAD~1`
 * (the base period read from git). Its CPU time, wall time and peak RSS are figures too, so the
 * large tier shows how the scheduled job grows.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { simpleGit } from 'simple-git';
import { generateRepository } from './generate-repository.js';
import type { PhaseFigures, ReportFigures } from './report-child.js';
import type { BenchOptions, BenchResult } from './run.js';

const CHILD = fileURLToPath(new URL('./report-child.ts', import.meta.url));
const REPO = fileURLToPath(new URL('../', import.meta.url));
const TARGET_CPU_MS = 60_000;
/** The size the CPU target is set for; above it the growth from this size is what is judged. */
const TARGET_CPU_IDENTITIES = 10_000;
const TARGET_INDEX_MB = 15;
/** Identities the second commit edits, so the base comparison has something to find. */
const EDITED = 50;
const TODAY = '2026-11-25';

async function commitAll(root: string, message: string): Promise<void> {
  const git = simpleGit({ baseDir: root });
  await git.raw(['add', '-A']);
  await git.raw(['-c', 'user.name=bench', '-c', 'user.email=bench@example.com', 'commit', '-q', '-m', message]);
}

/** A second commit that edits the description of the first EDITED identity files. */
async function editIdentities(root: string): Promise<void> {
  const team = (await readdir(join(root, 'identities'))).sort()[0]!;
  const files = (await readdir(join(root, 'identities', team))).sort().slice(0, EDITED);
  for (const file of files) {
    const path = join(root, 'identities', team, file);
    const text = await readFile(path, 'utf8');
    if (!/^ {2}description: /m.test(text)) throw new Error(`bench: ${path} has no description to edit`);
    await writeFile(path, text.replace(/^ {2}description: /m, '  description: (reviewed) '));
  }
}

async function runChild(args: readonly string[]): Promise<ReportFigures> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', CHILD, ...args], { cwd: REPO, maxBuffer: 16 * 1024 * 1024 });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as ReportFigures;
}

async function siteSize(directory: string): Promise<{ files: number; bytes: number; sizes: Map<string, number> }> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true });
  const files = entries.filter((entry) => entry.isFile()).map((entry) => relative(directory, join(entry.parentPath, entry.name)));
  const sizes = new Map(await Promise.all(files.map(async (file) => [file, (await stat(join(directory, file))).size] as const)));
  return { files: files.length, bytes: [...sizes.values()].reduce((a, b) => a + b, 0), sizes };
}

/**
 * The floor under the pages phase, in the same run: as many files of the same sizes in the same
 * directories, written by plain fs calls 32 at a time as the report's writer does, with nothing
 * rendered. On a shared machine the kernel's cost of creating files swings from minute to minute;
 * when the floor grows as much as the pages phase, the kernel grew, not the report.
 */
async function writeFloor(directory: string, sizes: ReadonlyMap<string, number>): Promise<PhaseFigures> {
  const files = [...sizes];
  for (const dir of new Set(files.map(([file]) => dirname(join(directory, file))))) await mkdir(dir, { recursive: true });
  const cpu = process.cpuUsage();
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (next < files.length) {
        const [file, size] = files[next++]!;
        await writeFile(join(directory, file), Buffer.alloc(size, 0x61));
      }
    }),
  );
  const used = process.cpuUsage(cpu);
  return { wallMs: performance.now() - started, cpuMs: (used.user + used.system) / 1000, systemMs: used.system / 1000 };
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export async function runReportBench(options: BenchOptions = {}): Promise<BenchResult> {
  const identities = options.identities ?? 10_000;
  const temp = await mkdtemp(join(tmpdir(), 'gatehouse-bench-report-'));
  try {
    const root = join(temp, 'repo');
    const generated = performance.now();
    await generateRepository(root, identities);
    const generateMs = performance.now() - generated;
    const out = join(temp, 'site');
    const measured = await runChild([root, out, TODAY]);
    const index = (await stat(join(out, 'index.html'))).size;
    const site = await siteSize(out);
    const floor = await writeFloor(join(temp, 'floor'), site.sizes);
    const cpuJudged = identities <= TARGET_CPU_IDENTITIES;
    const fast = !cpuJudged || measured.cpuMs <= TARGET_CPU_MS;
    const small = index / 1024 / 1024 < TARGET_INDEX_MB;
    const phase = (name: string, figures: PhaseFigures, what: string) =>
      `  ${name.padEnd(6)} ${`${Math.round(figures.wallMs)} ms`.padStart(9)} wall ${`${Math.round(figures.cpuMs)} ms`.padStart(9)} CPU (${Math.round(figures.systemMs)} ms of it system)  ${what}`;
    const wall = measured.model.wallMs + measured.index.wallMs + measured.pages.wallMs;
    const cpuTarget = cpuJudged ? `target <= ${TARGET_CPU_MS / 1000} s CPU: ${fast ? 'PASS' : 'MISS'}` : `the ${TARGET_CPU_MS / 1000} s CPU target is for ${TARGET_CPU_IDENTITIES} identities; the large tier's growth table judges this size`;
    await simpleGit({ baseDir: root }).init();
    await commitAll(root, 'Initial governance repository (#1)');
    await editIdentities(root);
    await commitAll(root, `Review ${EDITED} descriptions (#2)`);
    const scheduled = await runChild([root, join(temp, 'site-base'), TODAY, 'HEAD~1']);
    const scheduledWall = scheduled.model.wallMs + scheduled.index.wallMs + scheduled.pages.wallMs;
    const report = [
      `report: gatehouse report --format html of ${identities} generated identities (${Math.round(generateMs)} ms to write them); one child process`,
      phase('model', measured.model, `load, lint, risk and grants of ${measured.identities} identities`),
      phase('index', measured.index, 'overview charts (vega), access graph (dagre + vega), inventory data: index.html'),
      phase('pages', measured.pages, `${measured.files - 1} plain inventory and identity pages, rendered as they are written, and index.html written`),
      phase('floor', floor, `the same ${site.files} files and sizes written by plain fs calls, nothing rendered (the pages phase's baseline, same run)`),
      `  total  ${`${Math.round(wall)} ms`.padStart(9)} wall ${`${Math.round(measured.cpuMs)} ms`.padStart(9)} CPU ${`${Math.round(measured.maxRssMb)} MB`.padStart(7)} peak RSS (${cpuTarget})`,
      `  size   index.html ${mb(index)} (target < ${TARGET_INDEX_MB} MB): ${small ? 'PASS' : 'MISS'}; whole site ${mb(site.bytes)} in ${site.files} files`,
      `  --base ${`${Math.round(scheduledWall)} ms`.padStart(9)} wall ${`${Math.round(scheduled.cpuMs)} ms`.padStart(9)} CPU ${`${Math.round(scheduled.maxRssMb)} MB`.padStart(7)} peak RSS  the same in git, ${EDITED} edited, with history and --base HEAD~1 (git's own CPU not counted)`,
    ];
    const figures = {
      'report model ms': measured.model.wallMs,
      'report model CPU ms': measured.model.cpuMs,
      'report index ms': measured.index.wallMs,
      'report index CPU ms': measured.index.cpuMs,
      'report pages ms': measured.pages.wallMs,
      'report pages CPU ms': measured.pages.cpuMs,
      // Without the kernel's part: on a shared machine the cost of creating 50,000 files varies with the file system's state.
      'report pages user CPU ms': measured.pages.cpuMs - measured.pages.systemMs,
      'report CPU ms': measured.cpuMs,
      'report peak RSS MB': measured.maxRssMb,
      'index.html MB': index / 1024 / 1024,
      'site MB': site.bytes / 1024 / 1024,
      'report --base ms': scheduledWall,
      'report --base CPU ms': scheduled.cpuMs,
      'report --base peak RSS MB': scheduled.maxRssMb,
    };
    const baselines = { 'write floor ms': floor.wallMs, 'write floor CPU ms': floor.cpuMs };
    return { report: `${report.join('\n')}\n`, pass: fast && small, figures, baselines };
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}
