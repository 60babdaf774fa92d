/** Output of `gatehouse recertify`: the terminal listing, JSON, and the per-team issue. */
import type { ReviewEntry } from '../core/lifecycle/recertification.js';
import { mention, text } from './markdown-escape.js';
import { code, plural } from './report-table.js';

function reviewStatusText(entry: ReviewEntry): string {
  switch (entry.state) {
    case 'never':
      return 'never reviewed (no spec.review)';
    case 'overdue':
      return `overdue by ${entry.daysOverdue} day(s), due ${entry.due}${entry.beyondGrace ? ', beyond the grace period' : ''}`;
    default:
      return entry.daysOverdue === 0 ? `due today (${entry.due})` : `due in ${-(entry.daysOverdue ?? 0)} day(s), ${entry.due}`;
  }
}

export function renderReviewText(entries: readonly ReviewEntry[], today: string, withinDays: number): string {
  if (entries.length === 0) return `No identity is due for review within ${withinDays} days of ${today}.\n`;
  const width = Math.max(...entries.map((entry) => entry.name.length));
  const lines = entries.map((entry) => `${entry.state.padEnd(7)}  ${entry.name.padEnd(width)}  ${(entry.owner ?? '(no owner)').padEnd(18)}  ${reviewStatusText(entry)}`);
  const overdue = entries.filter((entry) => entry.state !== 'due').length;
  return `${lines.join('\n')}\n\n${overdue} overdue or never reviewed, ${entries.length - overdue} due within ${withinDays} days (today ${today}). Owners record a review with: gatehouse recertify --bump <name>\n`;
}

export function renderReviewJson(entries: readonly ReviewEntry[], today: string, withinDays: number): string {
  return `${JSON.stringify({ today, withinDays, identities: entries }, null, 2)}\n`;
}

export function renderReviewMarkdown(entries: readonly ReviewEntry[], today: string, withinDays: number): string {
  if (entries.length === 0) return `No identity is due for review within ${withinDays} days of ${today}.\n`;
  return `${entries.map(checklistLine).join('\n')}\n`;
}

function checklistLine(entry: ReviewEntry): string {
  return `- [ ] ${code(entry.name)} in ${text(entry.account)}: ${text(reviewStatusText(entry))}${entry.last ? `, last reviewed ${text(entry.last)}` : ''} — ${code(entry.file)}`;
}

export interface RecertificationIssueText {
  readonly title: string;
  readonly body: string;
}

export function renderRecertificationIssue(team: string, entries: readonly ReviewEntry[], today: string): RecertificationIssueText {
  const overdue = entries.filter((entry) => entry.state !== 'due').length;
  const unowned = entries.some((entry) => entry.owner === undefined);
  return {
    title: `Recertify ${plural(entries.length, 'identity', 'identities')} owned by ${team}${overdue > 0 ? ` (${overdue} overdue)` : ''}`,
    body: [
      `${mention(team)}: these identities are due or overdue for their periodic access review (as of ${today}).`,
      '',
      ...entries.map(checklistLine),
      '',
      'For each one:',
      '1. Check that the workload still exists and still needs every grant (least privilege), and that the owner and expiry are right.',
      '2. Still needed: run `gatehouse recertify --bump <name>` (it sets `spec.review.last` to today and changes nothing else) and open a pull request; your approval of it is the recertification.',
      '3. Not needed: delete the identity file in a pull request; the next apply destroys the role and its credentials.',
      '',
      ...(unowned ? ['Identities without an owner are listed here for the security team: find their owner and set `metadata.owner`.', ''] : []),
      '_This issue is kept up to date by the daily `gatehouse recertify --open-issues` job and closes itself once nothing is due._',
    ].join('\n'),
  };
}
