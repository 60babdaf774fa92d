/**
 * Which of an identity's exceptions this pull request adds, widens or extends: those need an
 * approving review from the team their `approvedBy` names, on this pull request. An exception
 * unchanged from the base keeps applying.
 *
 * An exception suppresses one rule for the whole identity, so its scope is the identity as it was
 * when the exception was approved. A head exception is judged as new when:
 * - the base identity has no exception for the same rule approved by the same team (added, a
 *   different rule, or a different approver: the new approver never saw it);
 * - it expires later than the base's (extended);
 * - or the identity around it widens, which lets the same rule fire on more than was approved:
 *   any statement the base did not have (new actions, resources, conditions loosened), a Deny the
 *   base had removed, another account, another trust, new or changed credentials, new secrets or
 *   slower rotation, a later or removed expiry, longer sessions, or less frequent review.
 * Narrowing edits (removing grants, an earlier expiry, a description) keep the exception. An
 * exception already past its own expiry suppresses nothing and needs nobody.
 */
import { canonicalJson } from '../diff/canonical.js';
import type { ExceptionSpec, IdentityDocument } from '../model.js';
import type { ResolvedStatement } from '../resolve.js';
import { daysBetween, durationDays } from '../time.js';

/** What the judgement reads of an identity on one side. */
export interface ExceptionSubject {
  readonly doc: IdentityDocument;
  readonly statements: readonly ResolvedStatement[];
}

export interface ExceptionChange {
  readonly exception: ExceptionSpec;
  /** Why it counts as new, for the plan: "added", "extended from 2027-01-31 to 2027-03-01", ... */
  readonly why: string;
}

export function changedExceptions(before: ExceptionSubject | undefined, after: ExceptionSubject, today: string | undefined): ExceptionChange[] {
  const live = after.doc.spec.exceptions.filter((exception) => today === undefined || daysBetween(today, exception.expires) >= 0);
  if (live.length === 0) return [];
  if (!before) return live.map((exception) => ({ exception, why: 'added with a new identity' }));
  const widened = scopeWidening(before, after);
  const changes: ExceptionChange[] = [];
  for (const exception of live) {
    const sameRule = before.doc.spec.exceptions.filter((old) => old.rule === exception.rule);
    const approved = sameRule.filter((old) => sameTeam(old.approvedBy, exception.approvedBy));
    if (sameRule.length === 0) changes.push({ exception, why: 'added' });
    else if (approved.length === 0) changes.push({ exception, why: `approver changed from ${sameRule[0]!.approvedBy} to ${exception.approvedBy}` });
    else {
      const latest = approved.map((old) => old.expires).sort().at(-1)!;
      if (exception.expires > latest) changes.push({ exception, why: `extended from ${latest} to ${exception.expires}` });
      else if (widened) changes.push({ exception, why: `widened: the identity ${widened}` });
    }
  }
  return changes;
}

/** How the identity widened, in words, or undefined when every change only narrows it. */
export function scopeWidening(before: ExceptionSubject, after: ExceptionSubject): string | undefined {
  const a = before.doc.spec;
  const b = after.doc.spec;
  const oldStatements = new Set(before.statements.map(statementKey));
  if (after.statements.some((statement) => !oldStatements.has(statementKey(statement)))) return 'gains a statement it did not have';
  const newStatements = new Set(after.statements.map(statementKey));
  if (before.statements.some((statement) => statement.effect === 'Deny' && !newStatements.has(statementKey(statement)))) return 'loses a Deny';
  if (a.account !== b.account) return `moves from account ${a.account} to ${b.account}`;
  if (canonicalJson(a.workload) !== canonicalJson(b.workload)) return 'changes its trust';
  if (b.credentials !== undefined && canonicalJson(a.credentials) !== canonicalJson(b.credentials)) return 'changes its credentials';
  const oldSecrets = new Set(a.secrets.map(canonicalJson));
  if (b.secrets.some((secret) => !oldSecrets.has(canonicalJson(secret)))) return 'declares new secrets or rotates them differently';
  if (a.expires !== undefined && (b.expires === undefined || b.expires > a.expires)) return `expires later (${b.expires ?? 'never'} instead of ${a.expires})`;
  if (b.sessionHours > a.sessionHours) return `allows longer sessions (${b.sessionHours} h instead of ${a.sessionHours} h)`;
  if (a.review !== undefined && (b.review === undefined || durationDays(b.review.every) > durationDays(a.review.every))) return 'is reviewed less often';
  return undefined;
}

/** A statement as IAM sees it: where it came from (grant index, role) does not matter. */
function statementKey(statement: ResolvedStatement): string {
  const { grantIndex: _index, role: _role, ...policy } = statement;
  const sorted = (list: readonly string[] | undefined) => list && [...list].sort();
  return canonicalJson({ ...policy, actions: sorted(policy.actions), notActions: sorted(policy.notActions), resources: sorted(policy.resources), notResources: sorted(policy.notResources) });
}

function sameTeam(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}
