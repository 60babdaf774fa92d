/**
 * One `gatehouse report --format html` of a repository in a process of its own, phase by phase
 * (model, render, write), so the report suite can say where the time goes. Prints one JSON line.
 *
 *   node --import tsx bench/report-child.ts <repository root> <out dir> [today]
 */
import { IamDataCatalog } from '../src/adapters/iam-data-catalog.js';
import { fileSystemSource } from '../src/adapters/fs-file-source.js';
import { reportSite } from '../src/app/report.js';
import { writeSite } from '../src/cli/commands/report-site-writer.js';
import { renderReportSite } from '../src/render/report-html/index.js';

export interface ReportFigures {
  readonly identities: number;
  readonly modelMs: number;
  readonly renderMs: number;
  readonly writeMs: number;
  readonly cpuMs: number;
  readonly maxRssMb: number;
}

const [root, out, today = '2026-11-25'] = process.argv.slice(2);
if (!root || !out) throw new Error('usage: bench/report-child.ts <root> <out> [today]');
const cpu = process.cpuUsage();
const started = performance.now();
const site = await reportSite(fileSystemSource(root), { today, catalog: new IamDataCatalog(), directory: root });
const modelled = performance.now();
const { files } = await renderReportSite(site);
const rendered = performance.now();
await writeSite(out, files);
const written = performance.now();
const used = process.cpuUsage(cpu);
const figures: ReportFigures = {
  identities: site.details.length,
  modelMs: modelled - started,
  renderMs: rendered - modelled,
  writeMs: written - rendered,
  cpuMs: (used.user + used.system) / 1000,
  maxRssMb: process.resourceUsage().maxRSS / 1024,
};
process.stdout.write(`${JSON.stringify(figures)}\n`);
