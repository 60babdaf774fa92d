/**
 * One `gatehouse report --format html` of a repository in a process of its own, phase by phase,
 * so the report suite can say where the time goes: model (load, lint, risk, grants), index
 * (overview charts, access graph, inventory data: index.html) and pages (the plain inventory and
 * identity pages, each rendered as the writer takes it, and every file written). Each phase's
 * CPU time is measured beside its wall time. Prints one JSON line.
 *
 *   node --import tsx bench/report-child.ts <repository root> <out dir> [today] [base ref]
 *
 * With a base ref the root must be a git work tree: the run is the lifecycle job's, with each
 * identity's history and the comparison with the base period.
 */
import { IamDataCatalog } from '../src/adapters/iam-data-catalog.js';
import { fileSystemSource } from '../src/adapters/fs-file-source.js';
import { reportSite } from '../src/app/report.js';
import { writeSite } from '../src/cli/commands/report-site-writer.js';
import { renderReportSite } from '../src/render/report-html/index.js';

export interface PhaseFigures {
  readonly wallMs: number;
  /** User and system CPU time together. */
  readonly cpuMs: number;
  /** The system part: for the pages phase, mostly the kernel creating and filling files. */
  readonly systemMs: number;
}

export interface ReportFigures {
  readonly identities: number;
  readonly files: number;
  readonly model: PhaseFigures;
  readonly index: PhaseFigures;
  readonly pages: PhaseFigures;
  readonly cpuMs: number;
  readonly maxRssMb: number;
}

const [root, out, today = '2026-11-25', base] = process.argv.slice(2);
if (!root || !out) throw new Error('usage: bench/report-child.ts <root> <out> [today] [base ref]');

const cpuMs = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;
async function phase<T>(work: () => Promise<T>): Promise<{ value: T; figures: PhaseFigures }> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const value = await work();
  const used = process.cpuUsage(cpu);
  return { value, figures: { wallMs: performance.now() - started, cpuMs: cpuMs(used), systemMs: used.system / 1000 } };
}

const cpu = process.cpuUsage();
const model = await phase(() => reportSite(fileSystemSource(root), { today, catalog: new IamDataCatalog(), directory: root, ...(base === undefined ? {} : { base }) }));
const index = await phase(() => renderReportSite(model.value));
const pages = await phase(() => writeSite(out, index.value.files));
const figures: ReportFigures = {
  identities: model.value.details.length,
  files: index.value.count,
  model: model.figures,
  index: index.figures,
  pages: pages.figures,
  cpuMs: cpuMs(process.cpuUsage(cpu)),
  maxRssMb: process.resourceUsage().maxRSS / 1024,
};
process.stdout.write(`${JSON.stringify(figures)}\n`);
