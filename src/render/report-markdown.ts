/** `gatehouse report --format markdown`: the auditor report as one markdown document. */
import type { AuditReport, GroupCount } from '../core/lifecycle/report.js';
import { joinMarkdown, md } from './markdown-escape.js';
import { code, markdownTable, plural } from './report-table.js';

export function renderReportMarkdown(report: AuditReport): string {
  const { totals } = report;
  const out: string[] = [
    `# Gatehouse identity report — ${report.today}`,
    '',
    `${plural(totals.identities, 'identity', 'identities')} owned by ${plural(totals.owners, 'team')} in ${plural(totals.accounts, 'account')}; ` +
      `${totals.expired} expired, ${totals.expiringSoon} expiring within 30 days, ${totals.overdueReviews} overdue for review, ` +
      `${totals.exceptionsInForce} exception(s) in force, ${totals.staticCredentials} with static credentials.`,
    '',
    ...(report.unreadableFiles.length === 0
      ? []
      : [`> **Incomplete:** ${plural(report.unreadableFiles.length, 'identity file')} could not be loaded and are not counted: ${report.unreadableFiles.map(code).join(', ')}. Run \`gatehouse validate\`.`, '']),
    '## Identities',
    '',
  ];
  const riskHeader = report.riskIncluded ? ['Risk'] : [];
  out.push(
    ...markdownTable(
      ['Identity', 'Owner', 'Account', 'Environment', 'Workload', 'Data', ...riskHeader, 'Expires', 'Review due'],
      report.identities.map((row) => [
        code(row.name),
        row.owner,
        row.account,
        row.environment,
        row.workload,
        row.dataClassification,
        ...(report.riskIncluded ? [row.risk ? `${row.risk.tier} (${row.risk.score})` : undefined] : []),
        row.expires,
        row.reviewDue,
      ]),
    ),
    '',
  );
  if (!report.riskIncluded) out.push('_Risk tiers are not included: this build has no risk model._', '');

  out.push('## By owner', '', ...groupTable('Owner', report.byOwner), '');
  out.push('## By account', '', ...groupTable('Account', report.byAccount), '');
  out.push('## By environment', '', ...groupTable('Environment', report.byEnvironment), '');
  if (report.riskIncluded) out.push('## By risk tier', '', ...groupTable('Tier', report.byRiskTier), '');
  if (report.usageByTeam !== undefined) {
    out.push(
      '## Granted actions used, by owner',
      '',
      ...orNone(report.usageByTeam.length, () =>
        markdownTable(['Owner', 'Identities judged', 'Actions granted', 'Used within the window', 'Share used'], report.usageByTeam!.map((t) => [t.team, t.identities, t.granted, t.used, `${t.percentUsed}%`])),
      ),
      '',
    );
  }

  out.push('## Expired and expiring within 30 days', '');
  out.push(
    ...orNone(report.expiring.length, () =>
      markdownTable(
        ['Identity', 'Owner', 'Account', 'Expires', 'Status'],
        report.expiring.map((entry) => [
          code(entry.name),
          entry.owner ?? '(no owner)',
          entry.account,
          entry.expires,
          entry.state === 'expired' ? `expired ${-entry.daysLeft} day(s) ago` : `in ${entry.daysLeft} day(s)`,
        ]),
      ),
    ),
    '',
  );

  out.push('## Overdue reviews', '');
  out.push(
    ...orNone(report.overdueReviews.length, () =>
      markdownTable(
        ['Identity', 'Owner', 'Last review', 'Due', 'Overdue'],
        report.overdueReviews.map((entry) => [
          code(entry.name),
          entry.owner ?? '(no owner)',
          entry.last ?? 'never',
          entry.due,
          entry.state === 'never' ? 'never reviewed' : `${entry.daysOverdue} day(s)${entry.beyondGrace ? ', beyond grace' : ''}`,
        ]),
      ),
    ),
    '',
  );

  out.push('## Exceptions', '');
  out.push(
    ...orNone(report.exceptions.length, () =>
      markdownTable(
        ['Identity', 'Rule', 'Approved by', 'Expires', 'Status', 'Reason'],
        report.exceptions.map((entry) => [
          code(entry.identity),
          code(entry.rule),
          entry.approvedBy,
          entry.expires,
          entry.status === 'in-force' ? `in force, ${entry.daysLeft} day(s) left` : entry.status,
          entry.reason,
        ]),
      ),
    ),
    '',
  );

  out.push('## Static credentials', '');
  out.push(
    ...orNone(report.staticCredentials.length, () =>
      markdownTable(
        ['Identity', 'Owner', 'Account', 'Kind', 'Rotates every', 'Exception until'],
        report.staticCredentials.map((entry) => [code(entry.identity), entry.owner, entry.account, entry.kind, entry.rotateEvery, entry.exceptionExpires ?? 'none in force']),
      ),
    ),
    '',
  );

  out.push('## Framework coverage', '');
  out.push('Controls are lint rules (checked on every pull request), reconcile checks (live AWS, daily) and the scheduled expire and recertify jobs.', '');
  for (const framework of report.coverage) {
    out.push(`### ${framework.framework}`, '');
    out.push(
      ...markdownTable(
        ['Item', 'Name', 'Covered by'],
        framework.items.map((item) => [item.ref.split(':')[1], item.name, item.controls.length === 0 ? md`**not covered**` : joinMarkdown(item.controls.map((control) => code(control.id)), ', ')]),
      ),
      '',
    );
  }
  return `${out.join('\n').trimEnd()}\n`;
}

function groupTable(label: string, groups: readonly GroupCount[]): string[] {
  return markdownTable([label, 'Identities', 'Names'], groups.map((group) => [group.key, group.count, group.identities.join(', ')]));
}

function orNone(count: number, table: () => string[]): string[] {
  return count === 0 ? ['None.'] : table();
}
