/**
 * Does a change only narrow an identity? Proved statement by statement, never guessed from
 * action counts: every Allow of the new side must be covered by an Allow of the old side, and
 * every Deny of the old side by a Deny of the new side. A Deny that is deleted or made narrower,
 * a condition dropped from an Allow, a NotResource list shortened or an account permissions
 * boundary removed are all gains of access even though no action is added; whatever cannot be
 * shown to be covered counts as a widening.
 *
 * Coverage compares patterns, not expansions: `s3:Get*` covers `s3:GetObject`, and
 * `arn:aws:s3:::b/*` covers `arn:aws:s3:::b/in/*`. Conditions are ANDed, so an Allow with more
 * conditions (or a Deny with fewer) is covered by one with a subset of them.
 */
import type { ResolvedStatement } from '../resolve.js';
import { canonicalJson } from './canonical.js';

export interface RestrictionSide {
  readonly statements: readonly ResolvedStatement[];
  /** The permissions boundary of the identity's account on that side, if any. */
  readonly permissionsBoundary: string | undefined;
}

export interface RestrictionChanges {
  /** What stopped access before and no longer does, one line each, for the reviewer. */
  readonly loosened: readonly string[];
  /** Allow statements of the new side that no old Allow covers (new or widened grants). */
  readonly uncoveredAllows: number;
}

export function compareRestrictions(before: RestrictionSide, after: RestrictionSide): RestrictionChanges {
  const oldAllows = before.statements.filter((statement) => statement.effect === 'Allow');
  const newAllows = after.statements.filter((statement) => statement.effect === 'Allow');
  const oldDenies = before.statements.filter((statement) => statement.effect === 'Deny');
  const newDenies = after.statements.filter((statement) => statement.effect === 'Deny');
  const loosened: string[] = [];

  for (const deny of oldDenies) {
    if (newDenies.some((candidate) => denyCovers(candidate, deny))) continue;
    const kept = newDenies.some((candidate) => (candidate.actions ?? []).some((action) => (deny.actions ?? []).includes(action)));
    loosened.push(`${describeStatement(deny)} ${kept ? 'narrowed' : 'removed'}: what it blocked is allowed again wherever an Allow grants it`);
  }
  let uncoveredAllows = 0;
  for (const allow of newAllows) {
    if (oldAllows.some((candidate) => allowCovers(candidate, allow))) continue;
    uncoveredAllows++;
    // Covered by the actions and resources of an old Allow, but not by its limits: a limit was loosened.
    if (oldAllows.some((candidate) => allowCovers(candidate, allow, { ignoreLimits: true }))) {
      loosened.push(`${describeStatement(allow)} widened: a condition or NotResource entry that limited it is gone`);
    }
  }
  if (before.permissionsBoundary !== undefined && before.permissionsBoundary !== after.permissionsBoundary) {
    loosened.push(
      after.permissionsBoundary === undefined
        ? `the account's permissions boundary ${before.permissionsBoundary} is removed`
        : `the account's permissions boundary changes from ${before.permissionsBoundary} to ${after.permissionsBoundary}`,
    );
  }
  return { loosened, uncoveredAllows };
}

/** Does `wide` (an old Allow) allow everything `narrow` (a new Allow) allows? */
function allowCovers(wide: ResolvedStatement, narrow: ResolvedStatement, options: { ignoreLimits?: boolean } = {}): boolean {
  if (!actionsCover(wide, narrow)) return false;
  if (options.ignoreLimits) {
    const where = (statement: ResolvedStatement) => (statement.notResources ? ['*'] : (statement.resources ?? ['*']));
    return patternsCover(where(wide), where(narrow), true);
  }
  return resourcesCover(wide, narrow) && conditionsSubset(wide.conditions, narrow.conditions);
}

/** Does `wide` (a new Deny) block everything `narrow` (an old Deny) blocked? */
function denyCovers(wide: ResolvedStatement, narrow: ResolvedStatement): boolean {
  return actionsCover(wide, narrow) && resourcesCover(wide, narrow) && conditionsSubset(wide.conditions, narrow.conditions);
}

function actionsCover(wide: ResolvedStatement, narrow: ResolvedStatement): boolean {
  if (wide.notActions) {
    // Everything but W covers everything but N when N excludes at least what W excludes.
    if (narrow.notActions) return wide.notActions.every((excluded) => patternsCover(narrow.notActions!, [excluded], false));
    return false; // proving that an action list avoids every excluded pattern is not worth the risk of getting it wrong
  }
  if (narrow.notActions) return patternsCover(wide.actions ?? [], ['*'], false);
  return patternsCover(wide.actions ?? [], narrow.actions ?? [], false);
}

function resourcesCover(wide: ResolvedStatement, narrow: ResolvedStatement): boolean {
  if (wide.notResources) {
    if (narrow.notResources) return wide.notResources.every((excluded) => patternsCover(narrow.notResources!, [excluded], true));
    return false;
  }
  if (narrow.notResources) return patternsCover(wide.resources ?? ['*'], ['*'], true);
  return patternsCover(wide.resources ?? ['*'], narrow.resources ?? ['*'], true);
}

/** Every condition of `fewer` is also, with the same values, a condition of `more`. */
function conditionsSubset(fewer: ResolvedStatement['conditions'], more: ResolvedStatement['conditions']): boolean {
  return Object.entries(fewer ?? {}).every(([operator, keys]) =>
    Object.entries(keys).every(([key, value]) => {
      const other = more?.[operator]?.[key];
      return other !== undefined && canonicalJson(other) === canonicalJson(value);
    }),
  );
}

/** Every pattern of `narrow` matches only strings that some pattern of `wide` matches. */
function patternsCover(wide: readonly string[], narrow: readonly string[], caseSensitive: boolean): boolean {
  return narrow.every((pattern) => wide.some((candidate) => covers(candidate, pattern, caseSensitive)));
}

/** The same answer as globCovering, without a regular expression when the wide pattern has no wildcard. */
function covers(wide: string, narrow: string, caseSensitive: boolean): boolean {
  if (wide === narrow) return true;
  if (!wide.includes('*') && !wide.includes('?')) return !caseSensitive && wide.toLowerCase() === narrow.toLowerCase();
  return coveringOf(wide, caseSensitive)(narrow);
}

/**
 * Compiled globs, kept: a catalog edit compares thousands of identities whose patterns repeat.
 * Emptied when full, so a long-lived process does not keep every pattern it ever saw.
 */
const COMPILED = new Map<string, (narrow: string) => boolean>();
const MAX_COMPILED = 10_000;

function coveringOf(pattern: string, caseSensitive: boolean): (narrow: string) => boolean {
  const key = `${caseSensitive ? 's' : 'i'}${pattern}`;
  let matcher = COMPILED.get(key);
  if (matcher === undefined) {
    if (COMPILED.size >= MAX_COMPILED) COMPILED.clear();
    matcher = globCovering(pattern, caseSensitive);
    COMPILED.set(key, matcher);
  }
  return matcher;
}

/**
 * A test of whether a glob (`*` any run, `?` one character) matches every expansion of another
 * glob read literally. A `*` of the wide pattern may swallow the narrow one's wildcards; its `?`
 * may stand for one character, or a `?` of the narrow one, but never for a `*`.
 */
function globCovering(pattern: string, caseSensitive: boolean): (narrow: string) => boolean {
  const source = [...pattern].map((char) => (char === '*' ? '.*' : char === '?' ? '[^*]' : char.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('');
  const regex = new RegExp(`^${source}$`, caseSensitive ? 's' : 'is');
  return (narrow) => regex.test(narrow);
}

const MAX_LISTED = 3;

function describeStatement(statement: ResolvedStatement): string {
  const list = (items: readonly string[]) => `${items.slice(0, MAX_LISTED).join(', ')}${items.length > MAX_LISTED ? ` and ${items.length - MAX_LISTED} more` : ''}`;
  const what = statement.actions ? list(statement.actions) : `everything except ${list(statement.notActions ?? [])}`;
  const where = statement.notResources ? `everything except ${list(statement.notResources)}` : list(statement.resources ?? ['*']);
  const conditions = statement.conditions && Object.keys(statement.conditions).length > 0 ? ' (with conditions)' : '';
  const origin = statement.role ? ` of role ${statement.role}` : '';
  return `${statement.effect} ${what} on ${where}${conditions}${origin}`;
}
