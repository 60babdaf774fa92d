/**
 * Which identities have expired, and which expire soon. Pure: the date is passed in, so the
 * daily job, the report and the tests agree on "today".
 */
import type { SourcedIdentity } from '../model.js';
import { daysBetween } from '../time.js';

export type ExpiryState = 'expired' | 'expiring';

export interface ExpiryEntry {
  readonly name: string;
  readonly file: string;
  /** Undefined when the file names no owner (lint reports that separately). */
  readonly owner: string | undefined;
  readonly account: string;
  readonly expires: string;
  /** Negative once expired: -3 means it expired three days ago. */
  readonly daysLeft: number;
  readonly state: ExpiryState;
}

/**
 * Identities past their `spec.expires` (synth already leaves them out; their files are what the
 * expire pull request removes) and those expiring within `withinDays`, soonest first.
 * An identity expiring today is still valid today and counts as expiring.
 */
export function expiryStatus(identities: readonly SourcedIdentity[], today: string, withinDays: number): ExpiryEntry[] {
  const entries: ExpiryEntry[] = [];
  for (const { file, doc } of identities) {
    const expires = doc.spec.expires;
    if (expires === undefined) continue;
    const daysLeft = daysBetween(today, expires);
    if (daysLeft > withinDays) continue;
    entries.push({
      name: doc.metadata.name,
      file,
      owner: doc.metadata.owner?.trim() || undefined,
      account: doc.spec.account,
      expires,
      daysLeft,
      state: daysLeft < 0 ? 'expired' : 'expiring',
    });
  }
  return entries.sort((a, b) => a.daysLeft - b.daysLeft || a.name.localeCompare(b.name));
}

/** Whether an identity document has expired as of `today` (the day after `expires`). */
export function isExpiredOn(expires: string | undefined, today: string): boolean {
  return expires !== undefined && daysBetween(today, expires) < 0;
}
