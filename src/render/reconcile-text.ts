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
  out.push(...knownUnmanagedText(run));
  for (const note of [...run.notes, ...unmatchedExemptionNotes(run)]) out.push(`note: ${note}`);
  out.push('', summaryLine(run));
  return `${out.join('\n')}\n`;
}

/** Not findings, but never hidden: an auditor sees every role and user that lives outside Gatehouse. */
function knownUnmanagedText(run: ReconcileRun): string[] {
  if (run.knownUnmanaged.length === 0) return [];
  const out = ['', `Known unmanaged (${run.knownUnmanaged.length}), exempt by the unmanaged entries of catalog/accounts.yaml:`];
  for (const known of run.knownUnmanaged) {
    const matched = known.entry === known.name ? '' : ` (${known.entry})`;
    out.push(`  ${known.account}  ${known.type} ${known.name}${matched}: ${known.reason.replace(/\s+/g, ' ')}${known.owner === undefined ? '' : `  [${known.owner}]`}`);
  }
  return out;
}

/** An exemption for something long gone should be removed: it would silently cover a new role of that name. */
export function unmatchedExemptionNotes(run: ReconcileRun): string[] {
  return run.unmatchedExemptions.map(
    (exemption) => `${exemption.account}: the unmanaged entry "${exemption.entry}" matches no live ${exemption.type ?? 'role or user'}; remove it from catalog/accounts.yaml if what it exempted is gone`,
  );
}

export function summaryLine(run: ReconcileRun): string {
  const counts = RECONCILE_KINDS.map((kind) => [kind, run.findings.filter((finding) => finding.kind === kind).length] as const).filter(([, count]) => count > 0);
  const read = run.accounts.filter((account) => account.status === 'read').length;
  const findings = run.findings.length === 0 ? 'No findings' : `${run.findings.length} finding(s) (${counts.map(([kind, count]) => `${count} ${kind}`).join(', ')})`;
  const known = run.knownUnmanaged.length > 0 ? ` ${run.knownUnmanaged.length} known unmanaged.` : '';
  const partial = run.partial ? ` PARTIAL: ${run.accounts.length - read} account(s) could not be read.` : '';
  return `${findings} in ${read} of ${run.accounts.length} account(s) read.${known}${partial}`;
}
