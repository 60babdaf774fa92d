/**
 * What a synth adds and removes compared with the previous one, and which removal plus addition
 * looks like a rename. IAM cannot rename a role or user: Terraform destroys the old one (its ARN,
 * unique id and credentials) and creates a new one, so a rename must be called out, not hidden.
 */
import { canonicalPolicyJson } from './canonical.js';
import type { DesiredIdentity, DesiredState } from './types.js';

/** An identity as a previous synth rendered it (read back from its Terraform JSON). */
export interface PreviousIdentity {
  readonly account: string;
  readonly type: 'role' | 'user';
  readonly name: string;
  /** For roles: the trust policy, in any form (it is canonicalized here). */
  readonly trustPolicy?: unknown;
  /** For users: the permission documents, in any form. */
  readonly policies?: readonly unknown[];
}

export interface IdentityRef {
  readonly account: string;
  readonly type: 'role' | 'user';
  readonly name: string;
}

export interface IdentityChanges {
  readonly added: readonly IdentityRef[];
  readonly removed: readonly IdentityRef[];
  /** A removal and an addition in one account whose trust (or, for users, permissions) are identical. */
  readonly renamed: readonly { readonly account: string; readonly type: 'role' | 'user'; readonly from: string; readonly to: string }[];
}

export function identityChanges(previous: readonly PreviousIdentity[], state: DesiredState): IdentityChanges {
  const current = Object.entries(state.accounts).flatMap(([account, desired]) =>
    [...desired.roles, ...desired.users].map((identity) => ({ account, type: identity.type, name: identity.name, signature: signatureOf(identity) })),
  );
  const before = previous.map((p) => ({ account: p.account, type: p.type, name: p.name, signature: previousSignature(p) }));
  const key = (i: IdentityRef) => `${i.account}\u0000${i.type}\u0000${i.name}`;
  const beforeKeys = new Set(before.map(key));
  const currentKeys = new Set(current.map(key));
  const added = current.filter((i) => !beforeKeys.has(key(i)));
  const removed = before.filter((i) => !currentKeys.has(key(i)));

  // Grouped once by what a rename keeps (account, type, signature): a merge that removes or renames
  // thousands of identities is then linear, not every removal against every addition.
  const match = (i: { account: string; type: string; signature: string }) => `${i.account}\u0000${i.type}\u0000${i.signature}`;
  const group = <T extends { account: string; type: string; signature: string }>(items: readonly T[]) => {
    const groups = new Map<string, T[]>();
    for (const item of items) {
      const list = groups.get(match(item));
      if (list) list.push(item);
      else groups.set(match(item), [item]);
    }
    return groups;
  };
  const addedBySignature = group(added);
  const removedBySignature = group(removed);
  const renamed: IdentityChanges['renamed'][number][] = [];
  const paired = new Set<string>();
  for (const gone of removed) {
    const candidates = addedBySignature.get(match(gone)) ?? [];
    const claimants = removedBySignature.get(match(gone)) ?? [];
    // Only an unambiguous one-to-one match is called a rename.
    if (candidates.length !== 1 || claimants.length !== 1) continue;
    const to = candidates[0] as (typeof added)[number];
    renamed.push({ account: gone.account, type: gone.type, from: gone.name, to: to.name });
    paired.add(key(gone)).add(key(to));
  }
  const strip = ({ account, type, name }: IdentityRef): IdentityRef => ({ account, type, name });
  return {
    added: added.filter((i) => !paired.has(key(i))).map(strip),
    removed: removed.filter((i) => !paired.has(key(i))).map(strip),
    renamed,
  };
}

function signatureOf(identity: DesiredIdentity): string {
  if (identity.type === 'role') return canonicalPolicyJson(identity.trustPolicy);
  return JSON.stringify([...identity.inlinePolicies.map((p) => p.document), ...identity.managedPolicies.map((p) => p.document)].map(canonicalPolicyJson).sort());
}

function previousSignature(previous: PreviousIdentity): string {
  if (previous.type === 'role') return canonicalPolicyJson(previous.trustPolicy);
  return JSON.stringify((previous.policies ?? []).map(canonicalPolicyJson).sort());
}
