/**
 * Checks on live credentials and use that need no desired state: stale access keys, unused
 * roles, secrets that do not rotate. Each takes the period it enforces, so the caller decides
 * between the identity's own setting and the policy's maximum.
 */
import type { LiveAccessKey, LiveRole, LiveSecret } from '../../ports/aws-inventory.js';
import { daysBetween } from '../time.js';

/** The fixed bar for keys: a key nobody used for this long should not exist. */
export const KEY_UNUSED_DAYS = 90;

/** ISO timestamp → calendar date (UTC). */
export function dateOf(timestamp: string): string {
  return timestamp.slice(0, 10);
}

/** Enough to tell keys apart in a report, not enough to be worth stealing: `AKIA…WXYZ`. */
export function maskKeyId(id: string): string {
  return id.length <= 8 ? '…' : `${id.slice(0, 4)}…${id.slice(-4)}`;
}

/** Reasons an active key is stale, empty when it is fine. Inactive keys cannot sign requests. */
export function staleKeyReasons(key: LiveAccessKey, rotateEveryDays: number, today: string): string[] {
  if (key.status !== 'Active') return [];
  const reasons: string[] = [];
  const age = daysBetween(dateOf(key.createDate), today);
  if (age > rotateEveryDays) reasons.push(`created ${dateOf(key.createDate)}, ${age} days old, beyond its ${rotateEveryDays}-day rotation period`);
  if (key.lastUsed === undefined) {
    if (age > KEY_UNUSED_DAYS) reasons.push(`never used in the ${age} days since it was created`);
  } else {
    const idle = daysBetween(dateOf(key.lastUsed), today);
    if (idle > KEY_UNUSED_DAYS) reasons.push(`last used ${dateOf(key.lastUsed)}, ${idle} days ago (over ${KEY_UNUSED_DAYS})`);
  }
  return reasons;
}

/** Why a role counts as unused, or undefined. A role never used counts from its creation. */
export function unusedReason(role: LiveRole, unusedAfterDays: number, today: string): string | undefined {
  if (role.lastUsed === undefined) {
    const age = daysBetween(dateOf(role.createDate), today);
    return age > unusedAfterDays ? `never used in the ${age} days since it was created (policy: ${unusedAfterDays})` : undefined;
  }
  const idle = daysBetween(dateOf(role.lastUsed), today);
  return idle > unusedAfterDays ? `last used ${dateOf(role.lastUsed)}, ${idle} days ago (policy: ${unusedAfterDays})` : undefined;
}

/** Reasons a secret's rotation is off or overdue against `rotateEveryDays`; empty when fine. */
export function secretRotationReasons(secret: LiveSecret, rotateEveryDays: number, today: string): string[] {
  if (!secret.rotationEnabled) return [`rotation is off (expected every ${rotateEveryDays} days)`];
  const reasons: string[] = [];
  if (secret.rotationDays !== undefined && secret.rotationDays > rotateEveryDays) {
    reasons.push(`rotates every ${secret.rotationDays} days, longer than the ${rotateEveryDays} days expected`);
  }
  const since = secret.lastRotated ?? secret.createdDate;
  if (since !== undefined) {
    const age = daysBetween(dateOf(since), today);
    if (age > rotateEveryDays) {
      const what = secret.lastRotated === undefined ? `never rotated since it was created on ${dateOf(since)}` : `last rotated ${dateOf(since)}`;
      reasons.push(`${what}, ${age} days ago: rotation is overdue (period ${rotateEveryDays} days)`);
    }
  }
  return reasons;
}
