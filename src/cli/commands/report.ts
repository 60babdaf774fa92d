/** `gatehouse report`: the auditor report, from git alone (no AWS or GitHub access needed). */
import { resolve } from 'node:path';
import { IamDataCatalog } from '../../adapters/iam-data-catalog.js';
import { GitReadError } from '../../adapters/git/git-repository.js';
import { repositoryUrl } from '../../app/provenance.js';
import { auditReport, reportSite } from '../../app/report.js';
import { renderReportSite } from '../../render/report-html/index.js';
import { renderReportJson } from '../../render/report-json.js';
import { renderReportMarkdown } from '../../render/report-markdown.js';
import { oneOf, parse } from '../args.js';
import { OPTIONS } from '../options.js';
import { asCommandError, clockFrom, EXIT, rootDirectory, rootOf, UsageError, type CliIo } from '../io.js';
import { withRepository } from './lifecycle-support.js';
import { writeSite } from './report-site-writer.js';
import { repositoryUrlFlag } from './synth.js';

const FORMATS = ['markdown', 'json', 'html'] as const;

export async function reportCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parse(argv, OPTIONS.report);
  const format = oneOf('format', values.format, FORMATS, 'markdown');
  const today = clockFrom(io, values.today).today();
  if (format !== 'html' && (values.out !== undefined || values.base !== undefined)) {
    throw new UsageError('--out and --base go with --format html (markdown and JSON are printed to stdout)');
  }
  if (format === 'html' && values.out === undefined) throw new UsageError('--format html writes a directory: name it with --out DIR');
  const path = values['access-data'];
  if (format === 'html' && path !== undefined) throw new UsageError('--access-data goes with --format markdown or json');
  // Saved last-accessed reports add each team's share of granted actions used.
  const usage = path === undefined ? undefined : await (await import('./rightsize.js')).readAccessData(io, 'report', path);
  if (path !== undefined && usage === undefined) return EXIT.findings;
  return withRepository(io, 'report', async () => {
    if (format === 'html') return htmlReport(io, values as HtmlValues, today);
    const report = await auditReport(rootOf(io, values.root), {
      today,
      catalog: new IamDataCatalog(),
      ...(usage === undefined ? {} : { usage: { usage, directory: rootDirectory(io, values.root) } }),
    });
    io.stdout(format === 'json' ? renderReportJson(report) : renderReportMarkdown(report));
    warnUnreadable(io, report.unreadableFiles);
    return EXIT.ok;
  });
}

interface HtmlValues {
  readonly root?: string;
  readonly out: string;
  readonly base?: string;
  readonly 'repo-url'?: string;
}

async function htmlReport(io: CliIo, values: HtmlValues, today: string): Promise<number> {
  const directory = rootDirectory(io, values.root);
  const url = repositoryUrlFlag(values['repo-url']) ?? repositoryUrl({}, io.env);
  const site = await asCommandError([GitReadError], () =>
    reportSite(rootOf(io, values.root), {
      today,
      catalog: new IamDataCatalog(),
      directory,
      ...(values.base === undefined ? {} : { base: values.base }),
      ...(url === undefined ? {} : { repositoryUrl: url }),
    }),
  );
  const out = resolve(io.cwd, values.out);
  const rendered = await renderReportSite(site);
  await writeSite(out, rendered.files);
  io.stdout(`gatehouse report: wrote ${rendered.count} page(s) for ${site.details.length} identities to ${out}/index.html\n`);
  warnUnreadable(io, site.report.unreadableFiles);
  return EXIT.ok;
}

function warnUnreadable(io: CliIo, files: readonly string[]): void {
  if (files.length > 0) io.stderr(`gatehouse report: ${files.length} identity file(s) could not be loaded and are not in the report; run gatehouse validate\n`);
}
