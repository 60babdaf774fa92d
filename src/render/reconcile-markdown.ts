/** Reconcile in markdown: the whole run (`--format markdown`) and the body of each per-team issue. */
import type { ReconcileRun } from '../core/lifecycle/run.js';
import { RECONCILE_CHECKS, type ReconcileFinding, type ReconcileKind } from '../core/lifecycle/checks.js';
import { summaryLine, unmatchedExemptionNotes } from './reconcile-text.js';
import { joinMarkdown, md, mention, text } from './markdown-escape.js';
import { code, markdownTable, plural } from './report-table.js';

export function renderReconcileMarkdown(run: ReconcileRun): string {
  const out: string[] = [`# Reconcile — ${run.today}`, '', summaryLine(run), '', ...accountsTable(run), ''];
  for (const kind of Object.keys(RECONCILE_CHECKS) as ReconcileKind[]) {
    const findings = run.findings.filter((finding) => finding.kind === kind);
    if (findings.length === 0) continue;
    out.push(`## ${RECONCILE_CHECKS[kind].title} (${findings.length})`, '', `**Fix:** ${RECONCILE_CHECKS[kind].fix}`, '', ...findingsTable(findings), '');
  }
  if (run.knownUnmanaged.length > 0) {
    out.push(`## Known unmanaged (${run.knownUnmanaged.length})`, '', 'Not findings: the `unmanaged` entries of `catalog/accounts.yaml` exempt them, each with its reason.', '', ...knownUnmanagedTable(run), '');
  }
  const notes = [...run.notes, ...unmatchedExemptionNotes(run)];
  if (notes.length > 0) out.push('## Notes', '', ...notes.map((note) => `- ${text(note)}`), '');
  return `${out.join('\n').trimEnd()}\n`;
}

function knownUnmanagedTable(run: ReconcileRun): string[] {
  return markdownTable(
    ['Account', 'Resource', 'Entry', 'Reason', 'Owner'],
    run.knownUnmanaged.map((known) => [known.account, md`${known.type} ${code(known.name)}`, code(known.entry), known.reason, known.owner]),
  );
}

export interface ReconcileIssueText {
  readonly title: string;
  readonly body: string;
}

export function renderReconcileIssue(team: string, kind: ReconcileKind, findings: readonly ReconcileFinding[], run: ReconcileRun): ReconcileIssueText {
  const check = RECONCILE_CHECKS[kind];
  const unread = run.accounts.filter((account) => account.status === 'unreachable').map((account) => account.key);
  return {
    title: `${check.short}: ${plural(findings.length, 'finding')} for ${team}`,
    body: [
      `${mention(team)}: the daily reconcile of live AWS against git found ${plural(findings.length, 'problem')} of this kind (${run.today}).`,
      '',
      `**${check.title}.** ${check.description}`,
      '',
      ...findingsTable(findings),
      '',
      `**Fix:** ${check.fix}`,
      '',
      ...(unread.length > 0 ? [`Accounts not read in this run (their findings may be missing here): ${unread.map(text).join(', ')}.`, ''] : []),
      `Frameworks: ${check.frameworks.join(', ')}.`,
      '',
      '_Kept up to date by the daily `gatehouse reconcile --open-issues` job; closed automatically once a complete run finds nothing of this kind for this team._',
    ].join('\n'),
  };
}

function accountsTable(run: ReconcileRun): string[] {
  return markdownTable(
    ['Account', 'Id', 'Status', 'Roles', 'Users', 'Secrets', 'Findings'],
    run.accounts.map((account) => [
      account.key,
      account.id,
      account.status === 'read' ? 'read' : md`**unreachable**: ${account.error}`,
      account.counts?.roles,
      account.counts?.users,
      account.counts?.secrets,
      account.findings,
    ]),
  );
}

function findingsTable(findings: readonly ReconcileFinding[]): string[] {
  return markdownTable(
    ['Account', 'Resource', 'Identity', 'Finding'],
    findings.map((finding) => [
      finding.account,
      md`${finding.resource.type} ${code(finding.resource.name)}`,
      finding.file === undefined ? undefined : md`${code(finding.identity ?? '')} (${code(finding.file)})`,
      joinMarkdown([finding.message, ...(finding.details ?? []).map((detail) => `• ${detail}`)], '<br>'),
    ]),
  );
}
