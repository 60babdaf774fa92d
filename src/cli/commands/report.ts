/** `gatehouse report`: the auditor report, from git alone (no AWS or GitHub access needed). */
import { IamDataCatalog } from '../../adapters/iam-data-catalog.js';
import { auditReport } from '../../app/report.js';
import { renderReportJson } from '../../render/report-json.js';
import { renderReportMarkdown } from '../../render/report-markdown.js';
import { COMMON_OPTIONS, oneOf, parse } from '../args.js';
import { clockFrom, EXIT, rootDirectory, rootOf, type CliIo } from '../io.js';
import { withRepository } from './lifecycle-support.js';

const FORMATS = ['markdown', 'json'] as const;

export async function reportCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parse(argv, { ...COMMON_OPTIONS, format: { type: 'string', short: 'f' }, 'access-data': { type: 'string' } });
  const format = oneOf('format', values.format, FORMATS, 'markdown');
  const today = clockFrom(io, values.today).today();
  const path = values['access-data'];
  // Saved last-accessed reports add each team's share of granted actions used.
  const usage = path === undefined ? undefined : await (await import('./rightsize.js')).readAccessData(io, 'report', path);
  if (path !== undefined && usage === undefined) return EXIT.findings;
  return withRepository(io, 'report', async () => {
    const report = await auditReport(rootOf(io, values.root), {
      today,
      catalog: new IamDataCatalog(),
      ...(usage === undefined ? {} : { usage: { usage, directory: rootDirectory(io, values.root) } }),
    });
    io.stdout(format === 'json' ? renderReportJson(report) : renderReportMarkdown(report));
    if (report.unreadableFiles.length > 0) {
      io.stderr(`gatehouse report: ${report.unreadableFiles.length} identity file(s) could not be loaded and are not in the report; run gatehouse validate\n`);
    }
    return EXIT.ok;
  });
}
