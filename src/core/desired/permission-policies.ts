/**
 * Turns an identity's resolved grants into IAM policy documents that allow exactly what was
 * declared. Statements are merged only where the union is exact (same effect, conditions and
 * other side), then laid out in one inline policy or, when that would exceed IAM's size limit,
 * across customer managed policies. What cannot fit is a problem with the reason, never a cut.
 */
import type { ResolvedStatement } from '../resolve.js';
import { canonicalStatement, policyOfCanonical, sortedUnique } from './canonical.js';
import { IAM_LIMITS, policySize } from './iam-limits.js';
import { constraint, type ConstraintReport } from './messages.js';
import type { IamPolicyDocument, IamStatement } from './types.js';

export interface PolicyLimits {
  /** Aggregate inline size: 10,240 for roles, 2,048 for users. */
  readonly inlineChars: number;
  readonly managedChars: number;
  readonly maxManaged: number;
}

export type PolicyLayout =
  | { readonly ok: true; readonly inline: IamPolicyDocument | undefined; readonly managed: readonly IamPolicyDocument[] }
  | { readonly ok: false; readonly problem: ConstraintReport };

interface Draft {
  readonly statement: IamStatement;
  /** Where it came from, for the Sid: catalog role names, or "AdHoc". */
  readonly origins: readonly string[];
  readonly grantIndex: number;
}

/** IAM statements for the resolved grants, or the first grant that IAM could not accept. */
export function grantStatements(resolved: readonly ResolvedStatement[]): { readonly statements: readonly IamStatement[] } | { readonly problem: ConstraintReport; readonly grantIndex: number } {
  const drafts: Draft[] = [];
  for (const s of resolved) {
    if (!s.actions && !s.notActions) return { problem: constraint('statement-without-actions'), grantIndex: s.grantIndex };
    if (!s.resources && !s.notResources) return { problem: constraint('statement-without-resources'), grantIndex: s.grantIndex };
    const statement = canonicalStatement({
      Effect: s.effect,
      Action: s.actions,
      NotAction: s.notActions,
      Resource: s.resources,
      NotResource: s.notResources,
      Condition: s.conditions,
    });
    drafts.push({ statement, origins: [s.role ?? 'ad-hoc'], grantIndex: s.grantIndex });
  }
  const merged = mergeOn('Resource', mergeOn('Action', drafts));
  return { statements: withSids(merged) };
}

/**
 * Merges statements that differ only in `field` (a positive list: Action or Resource): allowing
 * or denying A on R and B on R is exactly A+B on R. Negative lists (NotAction, NotResource) never
 * merge, since their union would narrow what the statements say.
 */
function mergeOn(field: 'Action' | 'Resource', drafts: readonly Draft[]): Draft[] {
  const groups = new Map<string, Draft[]>();
  const order: string[] = [];
  for (const draft of drafts) {
    const values = draft.statement[field];
    const key = values === undefined ? `single:${order.length}` : JSON.stringify({ ...draft.statement, [field]: undefined });
    if (!groups.has(key)) {
      groups.set(key, []);
      order.push(key);
    }
    groups.get(key)?.push(draft);
  }
  return order.map((key) => {
    const group = groups.get(key) ?? [];
    const first = group[0] as Draft;
    if (group.length === 1) return first;
    return {
      statement: canonicalStatement({ ...first.statement, [field]: group.flatMap((d) => d.statement[field] ?? []) }),
      // First-seen order, not sorted: the Sid names the grants in the order the file lists them.
      origins: [...new Set(group.flatMap((d) => d.origins))],
      grantIndex: first.grantIndex,
    };
  });
}

/** Sids name the grants a statement comes from, so a reader of the live policy can find them. */
function withSids(drafts: readonly Draft[]): IamStatement[] {
  const used = new Map<string, number>();
  return drafts.map((draft) => {
    const base = draft.origins.map(pascalCase).join('').slice(0, 60) || 'Grant';
    const count = (used.get(base) ?? 0) + 1;
    used.set(base, count);
    // Sid leads the keys in canonical order; the rest is canonical already.
    return { Sid: count === 1 ? base : `${base}${count}`, ...draft.statement };
  });
}

function pascalCase(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]?.toUpperCase() + part.slice(1))
    .join('');
}

/** One inline policy when everything fits, otherwise as few managed policies as next-fit packing gives. */
export function layoutPolicies(statements: readonly IamStatement[], limits: PolicyLimits): PolicyLayout {
  if (statements.length === 0) return { ok: true, inline: undefined, managed: [] };
  const whole = policyOfCanonical(statements);
  if (policySize(whole) <= limits.inlineChars) return { ok: true, inline: whole, managed: [] };

  const pieces: IamStatement[] = [];
  for (const statement of whole.Statement) {
    const split = splitToFit(statement, limits.managedChars);
    if (!split) {
      return { ok: false, problem: constraint('statement-too-large', { sid: statement.Sid ?? '', size: policySize(document([statement])), max: limits.managedChars }) };
    }
    pieces.push(...split);
  }
  const managed: IamStatement[][] = [];
  let current: IamStatement[] = [];
  for (const piece of pieces) {
    if (current.length > 0 && policySize(document([...current, piece])) > limits.managedChars) {
      managed.push(current);
      current = [];
    }
    current.push(piece);
  }
  managed.push(current);
  if (managed.length > limits.maxManaged) {
    return { ok: false, problem: constraint('too-many-managed-policies', { needed: managed.length, max: limits.managedChars, size: policySize(whole), allowed: limits.maxManaged }) };
  }
  return { ok: true, inline: undefined, managed: managed.map(policyOfCanonical) };
}

function document(statements: readonly IamStatement[]): IamPolicyDocument {
  return { Version: '2012-10-17', Statement: statements };
}

/**
 * Splits a statement that is too large for one policy by halving its Action or Resource list:
 * A on R1+R2 is exactly A on R1 plus A on R2. Undefined when it cannot be split small enough.
 */
function splitToFit(statement: IamStatement, limit: number, part = ''): IamStatement[] | undefined {
  if (policySize(document([statement])) <= limit) return [part === '' ? statement : { ...statement, Sid: `${statement.Sid ?? 'Grant'}${part}` }];
  const field = (statement.Resource?.length ?? 0) > 1 ? 'Resource' : (statement.Action?.length ?? 0) > 1 ? 'Action' : undefined;
  if (field === undefined) return undefined;
  const values = statement[field] as readonly string[];
  const middle = Math.ceil(values.length / 2);
  const halves = [values.slice(0, middle), values.slice(middle)].map((half, i) => splitToFit(canonicalStatement({ ...statement, [field]: sortedUnique(half) }), limit, `${part}P${i + 1}`));
  return halves.every((h) => h !== undefined) ? halves.flat() as IamStatement[] : undefined;
}

export const ROLE_POLICY_LIMITS: PolicyLimits = {
  inlineChars: IAM_LIMITS.roleInlinePolicyChars,
  managedChars: IAM_LIMITS.managedPolicyChars,
  maxManaged: IAM_LIMITS.managedPoliciesPerPrincipal,
};

export const USER_POLICY_LIMITS: PolicyLimits = {
  inlineChars: IAM_LIMITS.userInlinePolicyChars,
  managedChars: IAM_LIMITS.managedPolicyChars,
  maxManaged: IAM_LIMITS.managedPoliciesPerPrincipal,
};
