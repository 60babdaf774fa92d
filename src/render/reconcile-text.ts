/** `gatehouse reconcile` on a terminal: accounts read, then findings per account with their details. */
import type { ReconcileRun } from '../core/lifecycle/run.js';
import { RECONCILE_KINDS } from '../core/lifecycle/checks.js';

export function renderReconcileText(run: ReconcileRun): string {
  const out: string[] = [`Reconcile of live AWS against git, ${run.today}`];
  const width = Math.max(...run.accounts.map((account) => account.key.length));
  for (const account of run.accounts) {
    const head = `  ${account.key.padEnd(width)}  ${account.id}`;
    out.push(
      account.status === 'read'
        ? `${head}  read ${account.counts?.roles} roles, ${account.counts?.users} users, ${account.counts?.secrets} secrets in ${(account.millis / 1000).toFixed(1)} s: ${account.findings} finding(s)`
        : `${head}  UNREACHABLE: ${account.error}`,
    );
  }
  let current = '';
  for (const finding of run.findings) {
    if (finding.account !== current) {
      current = finding.account;
      out.push('', current);
    }
    out.push(`  ${finding.kind.padEnd(15)}  ${finding.message}  [${finding.owner}]`);
    for (const detail of finding.details ?? []) out.push(`  ${' '.repeat(15)}    - ${detail}`);
  }
  for (const note of run.notes) out.push(`note: ${note}`);
  out.push('', summaryLine(run));
  return `${out.join('\n')}\n`;
}

export function summaryLine(run: ReconcileRun): string {
  const counts = RECONCILE_KINDS.map((kind) => [kind, run.findings.filter((finding) => finding.kind === kind).length] as const).filter(([, count]) => count > 0);
  const read = run.accounts.filter((account) => account.status === 'read').length;
  const findings = run.findings.length === 0 ? 'No findings' : `${run.findings.length} finding(s) (${counts.map(([kind, count]) => `${count} ${kind}`).join(', ')})`;
  const partial = run.partial ? ` PARTIAL: ${run.accounts.length - read} account(s) could not be read.` : '';
  return `${findings} in ${read} of ${run.accounts.length} account(s) read.${partial}`;
}
