/**
 * The report suite: `gatehouse report --format html` of a generated 10,000-identity repository,
 * in a fresh child process: time per phase (model: load, lint, risk; render: charts, graph,
 * pages; write), peak RSS, and the size of what an auditor downloads (index.html, the whole
 * site). Targets: the site within 60 s of CPU time (wall time is shown beside it, but on a shared
 * machine it measures the other load as much as ours), index.html under 15 MB so a browser opens
 * it promptly.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { generateRepository } from './generate-repository.js';
import type { ReportFigures } from './report-child.js';
import type { BenchOptions, BenchResult } from './run.js';

const CHILD = fileURLToPath(new URL('./report-child.ts', import.meta.url));
const REPO = fileURLToPath(new URL('../', import.meta.url));
const TARGET_CPU_MS = 60_000;
const TARGET_INDEX_MB = 15;

async function siteSize(directory: string): Promise<{ files: number; bytes: number }> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true });
  const files = entries.filter((entry) => entry.isFile());
  const sizes = await Promise.all(files.map(async (entry) => (await stat(join(entry.parentPath, entry.name))).size));
  return { files: files.length, bytes: sizes.reduce((a, b) => a + b, 0) };
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
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', CHILD, root, out], { cwd: REPO, maxBuffer: 16 * 1024 * 1024 });
    const measured = JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as ReportFigures;
    const total = measured.modelMs + measured.renderMs + measured.writeMs;
    const index = (await stat(join(out, 'index.html'))).size;
    const site = await siteSize(out);
    const fast = measured.cpuMs <= TARGET_CPU_MS;
    const small = index / 1024 / 1024 < TARGET_INDEX_MB;
    const report = [
      `report: gatehouse report --format html of ${identities} generated identities (${Math.round(generateMs)} ms to write them); one child process`,
      `  model    ${`${Math.round(measured.modelMs)} ms`.padStart(9)}  load, lint, risk and grants of ${measured.identities} identities`,
      `  render   ${`${Math.round(measured.renderMs)} ms`.padStart(9)}  overview charts (vega), access graph (dagre + vega), inventory, ${site.files - 1} identity pages`,
      `  write    ${`${Math.round(measured.writeMs)} ms`.padStart(9)}  ${site.files} files`,
      `  total    ${`${Math.round(total)} ms`.padStart(9)} wall ${`${Math.round(measured.cpuMs)} ms`.padStart(9)} CPU ${`${Math.round(measured.maxRssMb)} MB`.padStart(7)} peak RSS (target <= ${TARGET_CPU_MS / 1000} s CPU): ${fast ? 'PASS' : 'MISS'}`,
      `  size     index.html ${mb(index)} (target < ${TARGET_INDEX_MB} MB): ${small ? 'PASS' : 'MISS'}; whole site ${mb(site.bytes)} in ${site.files} files`,
    ];
    const figures = {
      'report model ms': measured.modelMs,
      'report render ms': measured.renderMs,
      'report write ms': measured.writeMs,
      'report CPU ms': measured.cpuMs,
      'report peak RSS MB': measured.maxRssMb,
      'index.html MB': index / 1024 / 1024,
      'site MB': site.bytes / 1024 / 1024,
    };
    return { report: `${report.join('\n')}\n`, pass: fast && small, figures };
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}
