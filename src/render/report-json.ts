/** `gatehouse report --format json`: the report model as it is, for auditors' own tooling. */
import type { AuditReport } from '../core/lifecycle/report.js';

export function renderReportJson(report: AuditReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
