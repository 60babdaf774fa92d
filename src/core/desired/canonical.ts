/**
 * The canonical form of an IAM policy document, so that two documents that say the same thing in
 * the same words compare equal as JSON: keys in IAM's order, every value list sorted and
 * deduplicated (a string becomes a one-element list), condition operators and keys sorted,
 * condition values as strings, statements sorted. Synth emits documents already in this form;
 * reconcile canonicalizes what IAM returns (URL-decoded and parsed) and compares the JSON text.
 */
import type { IamConditionBlock, IamPolicyDocument, IamStatement } from './types.js';

/** Sorted by UTF-16 code units, never by locale, so the order is the same on every machine. */
export function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function stringList(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  const items = Array.isArray(value) ? value : [value];
  return sortedUnique(items.map((item) => String(item)));
}

function canonicalCondition(value: unknown): IamConditionBlock | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const out: Record<string, Record<string, string[]>> = {};
  for (const operator of sortedUnique(Object.keys(value))) {
    const byKey = (value as Record<string, unknown>)[operator];
    if (byKey === null || typeof byKey !== 'object') continue;
    const keys: Record<string, string[]> = {};
    for (const key of sortedUnique(Object.keys(byKey))) keys[key] = stringList((byKey as Record<string, unknown>)[key]) ?? [];
    if (Object.keys(keys).length > 0) out[operator] = keys;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function canonicalPrincipal(value: unknown): IamStatement['Principal'] {
  if (value === '*') return '*';
  if (value === null || typeof value !== 'object') return undefined;
  const out: Record<string, string[]> = {};
  for (const kind of sortedUnique(Object.keys(value))) out[kind] = stringList((value as Record<string, unknown>)[kind]) ?? [];
  return out;
}

/** One statement in canonical form, keys in the order IAM documents them. */
export function canonicalStatement(raw: Readonly<Record<string, unknown>>): IamStatement {
  const fields: Record<string, unknown> = {
    Sid: typeof raw.Sid === 'string' && raw.Sid !== '' ? raw.Sid : undefined,
    Effect: raw.Effect === 'Deny' ? 'Deny' : 'Allow',
    Principal: canonicalPrincipal(raw.Principal),
    Action: stringList(raw.Action),
    NotAction: stringList(raw.NotAction),
    Resource: stringList(raw.Resource),
    NotResource: stringList(raw.NotResource),
    Condition: canonicalCondition(raw.Condition),
  };
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as unknown as IamStatement;
}

/** Any policy document (ours, or parsed from IAM) in canonical form; statements sorted by their JSON. */
export function canonicalPolicy(raw: unknown): IamPolicyDocument {
  const document = (raw ?? {}) as { Statement?: unknown };
  const list = Array.isArray(document.Statement) ? document.Statement : document.Statement === undefined ? [] : [document.Statement];
  return policyOfCanonical(list.filter((s): s is Record<string, unknown> => s !== null && typeof s === 'object').map(canonicalStatement));
}

/** A document of statements that are already canonical: only their order is settled here. */
export function policyOfCanonical(statements: readonly IamStatement[]): IamPolicyDocument {
  const sorted = statements
    .map((statement) => ({ statement, key: JSON.stringify(statement) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((entry) => entry.statement);
  return { Version: '2012-10-17', Statement: sorted };
}

/** The compact JSON text of the canonical form: equal text means the same document. */
export function canonicalPolicyJson(raw: unknown): string {
  return JSON.stringify(canonicalPolicy(raw));
}
