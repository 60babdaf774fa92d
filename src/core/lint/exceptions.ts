/**
 * When an exception may suppress a rule, and which of the rule's findings it covers. An exception
 * that is expired, unexplained, approved by nobody the policy knows, longer than the policy
 * allows, or whose `appliesTo` names something the identity does not have suppresses nothing:
 * the exception rules then report why. A typo in `appliesTo` must neither widen the exception nor
 * silently switch it off.
 *
 * `appliesTo` narrows an exception to findings at document paths and/or on resources (cdk-nag's
 * `appliesTo`). Without it the exception covers every finding of its rule on the identity.
 */
import type { DocPath, ExceptionSpec, IdentityDocument, PolicyDocument } from '../model.js';
import type { ResolvedStatement } from '../resolve.js';
import { findTeam } from '../teams.js';
import { formatDocPath, parseDocPath, pathWithin } from '../text/doc-path.js';
import { globWithin } from '../text/glob-within.js';
import { didYouMean } from '../text/suggest.js';
import { daysBetween, durationDays } from '../time.js';
import type { Finding, MessageData } from './types.js';

const PLACEHOLDER_REASONS = /^(n\/?a|none|todo|tbd|temp|temporary|needed|required|because|legacy|see ticket|-|\.)$/i;
export const MIN_REASON_LENGTH = 20;

/** The identity an exception is read against: its file, document and resolved statements. */
export interface ExceptionSubject {
  readonly file: string;
  readonly doc: IdentityDocument;
  readonly statements: readonly ResolvedStatement[];
}

export interface ExceptionContext {
  readonly today: string;
  readonly policy: PolicyDocument;
  readonly knownRules: ReadonlySet<string>;
  /** When given, `appliesTo` is checked against it too (lint always gives it). */
  readonly subject?: ExceptionSubject;
}

/** One `appliesTo` entry as the engine matches it. */
export interface ExceptionScope {
  readonly path?: DocPath;
  readonly resource?: string;
}

export interface AppliesToProblem {
  /** Which entry of `appliesTo`, and which of its fields. */
  readonly entry: number;
  readonly field: 'path' | 'resource';
  readonly messageId: 'path-malformed' | 'path-not-found' | 'resource-not-named';
  readonly data: MessageData;
}

export function reasonHasSubstance(reason: string): boolean {
  const trimmed = reason.trim();
  return trimmed.length >= MIN_REASON_LENGTH && !PLACEHOLDER_REASONS.test(trimmed) && /\s/.test(trimmed);
}

export function approverIsKnown(approvedBy: string, policy: PolicyDocument): boolean {
  return findTeam([policy.securityTeam, ...policy.governanceOwners], approvedBy) !== undefined;
}

export function exceptionWithinCap(exception: ExceptionSpec, today: string, policy: PolicyDocument): boolean {
  return daysBetween(today, exception.expires) <= durationDays(policy.exceptions.maxLifetime);
}

export function isExpired(exception: ExceptionSpec, today: string): boolean {
  return daysBetween(today, exception.expires) < 0;
}

export function exceptionIsValid(exception: ExceptionSpec, context: ExceptionContext): boolean {
  return (
    context.knownRules.has(exception.rule) &&
    !isExpired(exception, context.today) &&
    reasonHasSubstance(exception.reason) &&
    approverIsKnown(exception.approvedBy, context.policy) &&
    exceptionWithinCap(exception, context.today, context.policy) &&
    (context.subject === undefined || appliesToProblems(exception, context.subject).length === 0)
  );
}

/** This identity's exceptions that may suppress something. */
export function validExceptions(doc: IdentityDocument, context: ExceptionContext): ExceptionSpec[] {
  return doc.spec.exceptions.filter((e) => exceptionIsValid(e, context));
}

/** Whether a valid exception suppresses the finding. Exception rules' own findings are never suppressed. */
export function isSuppressed(finding: Finding, exceptions: readonly ExceptionSpec[], subject: ExceptionSubject): boolean {
  return finding.category !== 'exception' && exceptions.some((exception) => exceptionCovers(exception, finding, subject));
}

/** The entries of `appliesTo` that can be read, or undefined for an exception to the whole rule. */
export function scopesOf(exception: ExceptionSpec): (ExceptionScope | undefined)[] | undefined {
  return exception.appliesTo?.map((entry) => {
    if (entry.path === undefined) return { resource: entry.resource };
    const parsed = parseDocPath(entry.path);
    return 'path' in parsed ? { path: parsed.path, resource: entry.resource } : undefined;
  });
}

/** Whether the exception (valid or not) reaches the finding: its rule, and one of its `appliesTo` entries. */
export function exceptionCovers(exception: ExceptionSpec, finding: Finding, subject: ExceptionSubject): boolean {
  if (finding.ruleId !== exception.rule) return false;
  const scopes = scopesOf(exception);
  return scopes === undefined || scopes.some((scope) => scope !== undefined && scopeCovers(scope, finding, subject));
}

/** A path entry covers findings at or under it; a resource entry those whose every resource lies within it. */
export function scopeCovers(scope: ExceptionScope, finding: Finding, subject: ExceptionSubject): boolean {
  // Paths and resources are this identity's: a finding the rule reported against another file is not covered.
  if (finding.file !== subject.file) return false;
  if (scope.path !== undefined && !pathWithin(finding.path, scope.path)) return false;
  if (scope.resource !== undefined) {
    const resources = findingResources(finding, subject);
    if (resources.length === 0 || !resources.every((resource) => globWithin(resource, scope.resource!))) return false;
  }
  return true;
}

/**
 * The resources a finding concerns: the rule's `resource` datum when it gives one; else the
 * resource entry the finding points at; else the resources of the statements of the grant it lies
 * in (a NotResource statement concerns every resource). Anything else concerns no resource.
 */
export function findingResources(finding: Pick<Finding, 'data' | 'path'>, subject: Pick<ExceptionSubject, 'doc' | 'statements'>): readonly string[] {
  const datum = finding.data['resource'];
  if (typeof datum === 'string') return [datum];
  const path = finding.path;
  if (path[0] !== 'spec' || path[1] !== 'grants' || typeof path[2] !== 'number') return [];
  if (path[3] === 'statement' && (path[4] === 'resources' || path[4] === 'notResources') && typeof path[5] === 'number') {
    const value = valueAt(subject.doc, path.slice(0, 6));
    if (typeof value === 'string') return [value];
  }
  return subject.statements.filter((statement) => statement.grantIndex === path[2]).flatMap((statement) => statement.resources ?? ['*']);
}

/** Every resource the identity's statements name, for checking a resource entry. */
function namedResources(statements: readonly ResolvedStatement[]): string[] {
  return [...new Set(statements.flatMap((statement) => statement.resources ?? []))];
}

/** What is wrong with the exception's `appliesTo` against this identity: each is reported and makes the exception suppress nothing. */
export function appliesToProblems(exception: ExceptionSpec, subject: Pick<ExceptionSubject, 'doc' | 'statements'>): AppliesToProblem[] {
  const problems: AppliesToProblem[] = [];
  (exception.appliesTo ?? []).forEach((entry, index) => {
    if (entry.path !== undefined) {
      const parsed = parseDocPath(entry.path);
      if (!('path' in parsed)) problems.push({ entry: index, field: 'path', messageId: 'path-malformed', data: { path: entry.path, problem: parsed.problem } });
      else {
        const missing = missingAlong(subject.doc, parsed.path);
        if (missing !== undefined) problems.push({ entry: index, field: 'path', messageId: 'path-not-found', data: { path: entry.path, where: missing } });
      }
    }
    if (entry.resource !== undefined) {
      const named = namedResources(subject.statements);
      if (!named.some((resource) => globWithin(resource, entry.resource!))) {
        problems.push({ entry: index, field: 'resource', messageId: 'resource-not-named', data: { resource: entry.resource, suggestion: didYouMean(entry.resource, named) } });
      }
    }
  });
  return problems;
}

/** The value at a document path, or undefined when the path names nothing. */
export function valueAt(doc: unknown, path: DocPath): unknown {
  let node: unknown = doc;
  for (const segment of path) {
    if (Array.isArray(node)) node = typeof segment === 'number' ? node[segment] : undefined;
    else if (node !== null && typeof node === 'object' && typeof segment === 'string') node = (node as Record<string, unknown>)[segment];
    else return undefined;
    if (node === undefined) return undefined;
  }
  return node;
}

/** Where a path stops naming anything in the document, in words; undefined when it names something. */
function missingAlong(doc: unknown, path: DocPath): string | undefined {
  let node: unknown = doc;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i]!;
    const here = i === 0 ? 'the document' : formatDocPath(path.slice(0, i));
    if (Array.isArray(node)) {
      if (typeof segment !== 'number') return `${here} is a list: name an entry as [0]`;
      if (segment >= node.length) return node.length === 0 ? `${here} is empty` : `${here} has ${node.length} ${node.length === 1 ? 'entry' : 'entries'}, [0] to [${node.length - 1}]`;
      node = node[segment];
    } else if (node !== null && typeof node === 'object') {
      const fields = Object.keys(node).filter((key) => (node as Record<string, unknown>)[key] !== undefined);
      if (typeof segment === 'number' || !fields.includes(segment)) return `${here} has no ${typeof segment === 'number' ? `entry [${segment}]: it is not a list` : `"${segment}".${didYouMean(segment, fields)}`}`.trimEnd();
      node = (node as Record<string, unknown>)[segment];
    } else {
      return `${here} is a single value: nothing lies under it`;
    }
  }
  return undefined;
}

/**
 * The narrowest `appliesTo` covering these findings: their paths, each once, without any that lies
 * under another. Findings about the whole file (no path) cannot be narrowed and are left out.
 */
export function narrowestPaths(findings: readonly Pick<Finding, 'path'>[]): DocPath[] {
  const paths = findings.map((finding) => finding.path).filter((path) => path.length > 0);
  const distinct = [...new Map(paths.map((path) => [formatDocPath(path), path])).values()];
  return distinct.filter((path) => !distinct.some((other) => other !== path && pathWithin(path, other) && other.length < path.length));
}

/** An `appliesTo` value written as one line of YAML the user can paste (quoted: `[` is YAML syntax inside a flow list). */
export function appliesToYaml(paths: readonly DocPath[]): string {
  return `[${paths.map((path) => `{ path: ${JSON.stringify(formatDocPath(path))} }`).join(', ')}]`;
}

/** An `appliesTo` entry as the exception wrote it, for messages. */
export function describeEntry(entry: { readonly path?: string; readonly resource?: string }): string {
  return [entry.path === undefined ? undefined : `path ${entry.path}`, entry.resource === undefined ? undefined : `resource ${entry.resource}`].filter(Boolean).join(' and ');
}
