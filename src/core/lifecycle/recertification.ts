/**
 * When each identity is due for recertification by its owner. The due date follows the review
 * lint rule exactly (last review + the shorter of `every` and the policy maximum), so the
 * recertify job and lint never disagree about what is overdue.
 */
import type { PolicyDocument, SourcedIdentity } from '../model.js';
import { addDays, daysBetween, durationDays } from '../time.js';

/** `never`: the file has no `spec.review` at all, so it has never been recertified. */
export type ReviewState = 'never' | 'overdue' | 'due';

export interface ReviewEntry {
  readonly name: string;
  readonly file: string;
  readonly owner: string | undefined;
  readonly account: string;
  readonly last: string | undefined;
  readonly every: string | undefined;
  /** Undefined for `never`. */
  readonly due: string | undefined;
  /** Days past the due date: positive when overdue, zero or negative when not yet due. */
  readonly daysOverdue: number | undefined;
  /** Overdue by more than the policy's grace period: lint fails on it too. */
  readonly beyondGrace: boolean;
  readonly state: ReviewState;
}

export function reviewDueDate(review: { every: string; last: string }, policy: PolicyDocument): string {
  return addDays(review.last, Math.min(durationDays(review.every), durationDays(policy.review.maxEvery)));
}

/**
 * Identities whose review is missing, overdue, or due within `withinDays`, most urgent first
 * (never reviewed, then the most overdue).
 */
export function reviewStatus(identities: readonly SourcedIdentity[], policy: PolicyDocument, today: string, withinDays: number): ReviewEntry[] {
  const grace = durationDays(policy.review.grace);
  const entries: ReviewEntry[] = [];
  for (const { file, doc } of identities) {
    const base = { name: doc.metadata.name, file, owner: doc.metadata.owner?.trim() || undefined, account: doc.spec.account };
    const review = doc.spec.review;
    if (review === undefined) {
      entries.push({ ...base, last: undefined, every: undefined, due: undefined, daysOverdue: undefined, beyondGrace: true, state: 'never' });
      continue;
    }
    const due = reviewDueDate(review, policy);
    const daysOverdue = daysBetween(due, today);
    if (daysOverdue < -withinDays) continue;
    entries.push({
      ...base,
      last: review.last,
      every: review.every,
      due,
      daysOverdue,
      beyondGrace: daysOverdue > grace,
      state: daysOverdue > 0 ? 'overdue' : 'due',
    });
  }
  const rank = (entry: ReviewEntry) => (entry.state === 'never' ? Number.POSITIVE_INFINITY : (entry.daysOverdue ?? 0));
  return entries.sort((a, b) => rank(b) - rank(a) || a.name.localeCompare(b.name));
}
