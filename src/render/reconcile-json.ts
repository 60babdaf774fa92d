/** `gatehouse reconcile --format json`: the whole run, for dashboards and audit evidence. */
import type { ReconcileRun } from '../core/lifecycle/run.js';
import { RECONCILE_KINDS } from '../core/lifecycle/checks.js';

export function renderReconcileJson(run: ReconcileRun): string {
  const byKind = Object.fromEntries(RECONCILE_KINDS.map((kind) => [kind, run.findings.filter((finding) => finding.kind === kind).length]));
  return `${JSON.stringify({ today: run.today, partial: run.partial, scoped: run.scoped, summary: { findings: run.findings.length, byKind, knownUnmanaged: run.knownUnmanaged.length }, accounts: run.accounts, findings: run.findings, knownUnmanaged: run.knownUnmanaged, unmatchedExemptions: run.unmatchedExemptions, notes: run.notes }, null, 2)}\n`;
}
