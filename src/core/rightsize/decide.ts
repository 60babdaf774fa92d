/**
 * The right-sizing decision for one identity: each granted action (after catalog expansion and
 * wildcards) is kept if it was used within the window and proposed for removal otherwise. The
 * decision can only take away: every edit removes an entry of an actions list, removes a whole
 * grant, or (when the owner asks) replaces a wildcard with the part of its own expansion that was
 * used. Deny statements and NotAction statements are never edited: removing a Deny widens access,
 * and a NotAction cannot be narrowed without rewriting it.
 */
import { qualifiedName, type ActionInfo } from '../aws/action-catalog.js';
import { parseActionPattern, type ActionExpander } from '../aws/action-patterns.js';
import type { IdentityDocument } from '../model.js';
import type { ResolvedStatement } from '../resolve.js';
import { addDays } from '../time.js';
import { UsageIndex, type IdentityUsage, type UsageBasis } from './usage.js';

export interface ActionVerdict {
  /** `service:Action` in the catalogue's casing. */
  readonly action: string;
  readonly lastAccessed: string | null;
  readonly basis: UsageBasis;
}

/** A wildcard (or NotAction) the proposal reports rather than edits. */
export interface WildcardReport {
  readonly grant: number;
  readonly pattern: string;
  /** The actions it matches that were used within the window. */
  readonly used: readonly ActionVerdict[];
  readonly unusedCount: number;
}

/** A catalog role only partly used: the shared role is not edited; this names what a narrower one needs. */
export interface NarrowerRole {
  readonly grant: number;
  readonly role: string;
  readonly used: readonly ActionVerdict[];
  readonly unused: readonly ActionVerdict[];
}

/** An edit of the identity file, addressed by grant index and, for actions, by list index. */
export type GrantEdit =
  | { readonly kind: 'remove-grant'; readonly grant: number }
  | {
      readonly kind: 'edit-actions';
      readonly grant: number;
      /** Indexes into `statement.actions` to drop. */
      readonly remove: readonly number[];
      /** Wildcard entries replaced by the used actions they match. */
      readonly replace: readonly { readonly index: number; readonly with: readonly string[] }[];
    };

export interface IdentityProposal {
  readonly identity: string;
  readonly file: string;
  readonly remove: readonly ActionVerdict[];
  readonly keep: readonly ActionVerdict[];
  readonly wildcards: readonly WildcardReport[];
  readonly narrowerRoles: readonly NarrowerRole[];
  readonly edits: readonly GrantEdit[];
  /** When IAM completed the report the proposal rests on. */
  readonly reportedAt?: string;
  /** Every grant would go: the identity itself is unused, and its file is better deleted than emptied. */
  readonly unusedEntirely: boolean;
}

export interface DecideOptions {
  readonly today: string;
  readonly unusedForDays: number;
  readonly narrowWildcards: boolean;
  readonly expander: ActionExpander;
}

export interface IdentityToJudge {
  readonly name: string;
  readonly file: string;
  readonly doc: IdentityDocument;
  /** The identity's resolved statements (resolveGrants), in grant order. */
  readonly statements: readonly ResolvedStatement[];
  readonly usage: IdentityUsage;
}

/** The last day of use that still counts as recent. */
export function windowStart(today: string, unusedForDays: number): string {
  return addDays(today, -Math.ceil(unusedForDays));
}

export function decideIdentity(identity: IdentityToJudge, options: DecideOptions): IdentityProposal {
  const index = new UsageIndex(identity.usage);
  const since = windowStart(options.today, options.unusedForDays);
  const verdict = (action: ActionInfo): ActionVerdict => ({ action: qualifiedName(action), ...index.lastUse(action) });
  const recent = (v: ActionVerdict) => v.basis === 'no-data' || (v.lastAccessed !== null && v.lastAccessed.slice(0, 10) >= since);

  const remove = new Map<string, ActionVerdict>();
  const keep = new Map<string, ActionVerdict>();
  const wildcards: WildcardReport[] = [];
  const narrowerRoles: NarrowerRole[] = [];
  const edits: GrantEdit[] = [];
  const note = (target: Map<string, ActionVerdict>, verdicts: readonly ActionVerdict[]) => {
    for (const v of verdicts) target.set(v.action.toLowerCase(), v);
  };

  const byGrant = new Map<number, ResolvedStatement[]>();
  for (const statement of identity.statements) byGrant.set(statement.grantIndex, [...(byGrant.get(statement.grantIndex) ?? []), statement]);

  identity.doc.spec.grants.forEach((grant, grantIndex) => {
    const statements = byGrant.get(grantIndex) ?? [];
    if ('role' in grant) {
      const verdicts = unique(statements.filter((s) => s.effect === 'Allow').flatMap((s) => expandStatement(s, options.expander)).map(verdict));
      const used = verdicts.filter(recent);
      const unused = verdicts.filter((v) => !recent(v));
      if (verdicts.length > 0 && used.length === 0) {
        edits.push({ kind: 'remove-grant', grant: grantIndex });
        note(remove, unused);
      } else {
        note(keep, used);
        if (unused.length > 0) narrowerRoles.push({ grant: grantIndex, role: grant.role, used, unused });
      }
      return;
    }
    const statement = grant.statement;
    if (statement.effect === 'Deny') return;
    if (statement.notActions !== undefined) {
      const verdicts = unique(options.expander.complement(statement.notActions).map(verdict));
      const used = verdicts.filter(recent);
      wildcards.push({ grant: grantIndex, pattern: `NotAction ${statement.notActions.join(', ')}`, used, unusedCount: verdicts.length - used.length });
      return;
    }
    const entries = statement.actions ?? [];
    const dropped: number[] = [];
    const replaced: { index: number; with: string[] }[] = [];
    entries.forEach((entry, entryIndex) => {
      const verdicts = unique(options.expander.expand(entry).map(verdict));
      // An action the catalogue does not know has no usage to judge it by: it stays.
      if (verdicts.length === 0) return;
      const used = verdicts.filter(recent);
      const unused = verdicts.filter((v) => !recent(v));
      if (!parseActionPattern(entry)?.isWildcard) {
        if (unused.length > 0) {
          dropped.push(entryIndex);
          note(remove, unused);
        } else note(keep, used);
        return;
      }
      const unjudged = verdicts.some((v) => v.basis === 'no-data');
      if (!options.narrowWildcards || unjudged || unused.length === 0) {
        if (unused.length > 0) wildcards.push({ grant: grantIndex, pattern: entry, used, unusedCount: unused.length });
        else note(keep, used);
        return;
      }
      note(remove, unused);
      note(keep, used);
      if (used.length === 0) dropped.push(entryIndex);
      else replaced.push({ index: entryIndex, with: used.map((v) => v.action) });
    });
    if (dropped.length === 0 && replaced.length === 0) return;
    if (dropped.length === entries.length) edits.push({ kind: 'remove-grant', grant: grantIndex });
    else edits.push({ kind: 'edit-actions', grant: grantIndex, remove: dropped, replace: replaced });
  });

  // An action kept through one grant is still granted: it is not reported as removed.
  for (const key of keep.keys()) remove.delete(key);
  const removedGrants = edits.filter((edit) => edit.kind === 'remove-grant').length;
  return {
    identity: identity.name,
    file: identity.file,
    remove: sorted(remove),
    keep: sorted(keep),
    wildcards,
    narrowerRoles,
    edits,
    unusedEntirely: identity.doc.spec.grants.length > 0 && removedGrants === identity.doc.spec.grants.length,
    ...(identity.usage.reportedAt === undefined ? {} : { reportedAt: identity.usage.reportedAt }),
  };
}

function expandStatement(statement: ResolvedStatement, expander: ActionExpander): readonly ActionInfo[] {
  if (statement.notActions) return expander.complement(statement.notActions);
  return (statement.actions ?? []).flatMap((pattern) => expander.expand(pattern));
}

function unique(verdicts: readonly ActionVerdict[]): ActionVerdict[] {
  return [...new Map(verdicts.map((v) => [v.action.toLowerCase(), v])).values()];
}

function sorted(verdicts: Map<string, ActionVerdict>): ActionVerdict[] {
  return [...verdicts.values()].sort((a, b) => (a.action < b.action ? -1 : a.action > b.action ? 1 : 0));
}
