/**
 * Which of an identity's exceptions this pull request adds, widens or extends: those need an
 * approving review from the team their `approvedBy` names, on this pull request. An exception
 * unchanged from the base keeps applying.
 *
 * An exception suppresses one rule for the identity, or the part of it its `appliesTo` names, so
 * its scope is the identity as it was when the exception was approved. A head exception is judged
 * as new when:
 * - the base identity has no exception for the same rule approved by the same team (added, a
 *   different rule, or a different approver: the new approver never saw it);
 * - no such base exception covers as much as its `appliesTo` (removed, an entry added, a path
 *   replaced by an ancestor or another grant, a wider resource pattern);
 * - it expires later than the base's that cover it (extended);
 * - or the identity around it widens, which lets the same rule fire on more than was approved:
 *   any statement the base did not have (new actions, resources, conditions loosened), a Deny the
 *   base had removed, another account, another trust, new or changed credentials, new secrets or
 *   slower rotation, a later or removed expiry, longer sessions, or less frequent review.
 * Narrowing edits (removing grants, an earlier expiry, a description, a narrower `appliesTo`) keep
 * the exception. An `appliesTo` path follows what it points at: list entries are matched by content,
 * so reordering grants neither moves the exception onto another grant unasked nor needs a review
 * when the path is updated to follow its grant, while editing the grant it points at does. An
 * exception already past its own expiry suppresses nothing and needs nobody.
 */
import { canonicalJson } from '../diff/canonical.js';
import { describeEntry, valueAt } from '../lint/exceptions.js';
import type { DocPath, ExceptionSpec, IdentityDocument } from '../model.js';
import type { ResolvedStatement } from '../resolve.js';
import { formatDocPath, parseDocPath, pathWithin } from '../text/doc-path.js';
import { globWithin } from '../text/glob-within.js';
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
      const covering = approved.filter((old) => appliesToWithin(exception, old, before, after));
      if (covering.length === 0) {
        changes.push({ exception, why: `widened: ${appliesToWidening(exception, approved, before, after)}` });
        continue;
      }
      const latest = covering.map((old) => old.expires).sort().at(-1)!;
      if (exception.expires > latest) changes.push({ exception, why: `extended from ${latest} to ${exception.expires}` });
      else if (widened) changes.push({ exception, why: `widened: the identity ${widened}` });
    }
  }
  return changes;
}

type AppliesToEntry = NonNullable<ExceptionSpec['appliesTo']>[number];

/** Whether the head exception's `appliesTo` covers nothing the base exception's did not. No `appliesTo` is the whole rule. */
export function appliesToWithin(head: ExceptionSpec, base: ExceptionSpec, before: ExceptionSubject, after: ExceptionSubject): boolean {
  if (base.appliesTo === undefined) return true;
  if (head.appliesTo === undefined) return false;
  return head.appliesTo.every((entry) => base.appliesTo!.some((approved) => entryWithin(entry, approved, before, after)));
}

function entryWithin(entry: AppliesToEntry, approved: AppliesToEntry, before: ExceptionSubject, after: ExceptionSubject): boolean {
  if (approved.resource !== undefined && (entry.resource === undefined || !globWithin(entry.resource, approved.resource))) return false;
  if (approved.path === undefined) return true;
  const approvedPath = readPath(approved.path);
  const basePath = entry.path === undefined ? undefined : inBase(readPath(entry.path), before, after);
  return approvedPath !== undefined && basePath !== undefined && pathWithin(basePath, approvedPath);
}

function readPath(text: string): DocPath | undefined {
  const parsed = parseDocPath(text);
  return 'path' in parsed ? parsed.path : undefined;
}

/**
 * A head path as the base document would spell it. Its first list entry (`spec.grants[2]`) is
 * matched by content: the same index when that entry is unchanged, else the base entry equal to
 * it. Undefined when the base has no such entry: the path points at something never approved.
 */
function inBase(path: DocPath | undefined, before: ExceptionSubject, after: ExceptionSubject): DocPath | undefined {
  if (path === undefined) return undefined;
  const at = path.findIndex((segment) => typeof segment === 'number');
  if (at < 0) return path;
  const list = path.slice(0, at);
  const current = valueAt(after.doc, path.slice(0, at + 1));
  if (current === undefined) return undefined;
  const target = canonicalJson(current);
  const same = valueAt(before.doc, path.slice(0, at + 1));
  if (same !== undefined && canonicalJson(same) === target) return path;
  const entries = valueAt(before.doc, list);
  const index = Array.isArray(entries) ? entries.findIndex((value) => canonicalJson(value) === target) : -1;
  return index < 0 ? undefined : [...list, index, ...path.slice(at + 1)];
}

/** Why no approved exception covers the head's `appliesTo`, in words. */
function appliesToWidening(head: ExceptionSpec, approved: readonly ExceptionSpec[], before: ExceptionSubject, after: ExceptionSubject): string {
  if (head.appliesTo === undefined) return 'appliesTo removed, so it covers the whole rule';
  const wider = head.appliesTo.find((entry) => !approved.some((old) => old.appliesTo === undefined || old.appliesTo.some((scope) => entryWithin(entry, scope, before, after))));
  const was = approved.map((old) => (old.appliesTo ?? []).map(describeEntry).join(', ')).join('; ');
  if (wider === undefined) return `appliesTo joins what separate exceptions covered, each with its own expiry (approved: ${was})`;
  const written = wider.path === undefined ? undefined : readPath(wider.path);
  if (written !== undefined) {
    const based = inBase(written, before, after);
    if (based === undefined) return `appliesTo ${describeEntry(wider)} points at something that changed since it was approved (approved: ${was})`;
    if (formatDocPath(based) !== formatDocPath(written)) return `appliesTo ${describeEntry(wider)} now points at what was ${formatDocPath(based)}, beyond what was approved (${was})`;
  }
  return `appliesTo ${describeEntry(wider)} goes beyond what was approved (${was})`;
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
