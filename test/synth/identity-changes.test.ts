/**
 * A synth's additions, removals and renames against the previous synth. Renames are found by
 * grouping on what a rename keeps (account, type, trust or permissions) rather than by comparing
 * every removal with every addition, so a merge removing thousands of identities stays linear;
 * this holds the grouped answer to the pairwise one on random synths where names, accounts and
 * signatures collide often.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { identityChanges, type IdentityChanges, type PreviousIdentity } from '../../src/core/desired/changes.js';
import { canonicalPolicyJson } from '../../src/core/desired/index.js';
import type { DesiredState } from '../../src/core/desired/types.js';

const trust = (principal: string) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: `${principal}.amazonaws.com` }, Action: 'sts:AssumeRole' }] });
const entry = fc.record({ account: fc.constantFrom('prod', 'dev'), name: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), principal: fc.constantFrom('lambda', 'ecs', 'ec2') });

function stateOf(current: readonly { account: string; name: string; principal: string }[]): DesiredState {
  const accounts: Record<string, { roles: unknown[]; users: unknown[] }> = {};
  const seen = new Set<string>();
  for (const { account, name, principal } of current) {
    if (seen.has(`${account}/${name}`)) continue;
    seen.add(`${account}/${name}`);
    (accounts[account] ??= { roles: [], users: [] }).roles.push({ type: 'role', name, trustPolicy: trust(principal), inlinePolicies: [], managedPolicies: [] });
  }
  return { accounts } as unknown as DesiredState;
}

/** identityChanges as it was: every removal compared with every addition. */
function pairwise(previous: readonly PreviousIdentity[], state: DesiredState): IdentityChanges {
  const current = Object.entries(state.accounts).flatMap(([account, desired]) => desired.roles.map((role) => ({ account, type: role.type, name: role.name, signature: canonicalPolicyJson(role.trustPolicy) })));
  const before = previous.map((p) => ({ account: p.account, type: p.type, name: p.name, signature: canonicalPolicyJson(p.trustPolicy) }));
  const key = (i: { account: string; type: string; name: string }) => `${i.account}\u0000${i.type}\u0000${i.name}`;
  const added = current.filter((i) => !before.some((b) => key(b) === key(i)));
  const removed = before.filter((i) => !current.some((c) => key(c) === key(i)));
  const renamed: { account: string; type: 'role' | 'user'; from: string; to: string }[] = [];
  const paired = new Set<string>();
  for (const gone of removed) {
    const candidates = added.filter((a) => a.account === gone.account && a.type === gone.type && a.signature === gone.signature);
    const claimants = removed.filter((r) => r.account === gone.account && r.type === gone.type && r.signature === gone.signature);
    if (candidates.length !== 1 || claimants.length !== 1) continue;
    renamed.push({ account: gone.account, type: gone.type, from: gone.name, to: candidates[0]!.name });
    paired.add(key(gone)).add(key(candidates[0]!));
  }
  const strip = ({ account, type, name }: { account: string; type: 'role' | 'user'; name: string }) => ({ account, type, name });
  return { added: added.filter((i) => !paired.has(key(i))).map(strip), removed: removed.filter((i) => !paired.has(key(i))).map(strip), renamed };
}

describe('identityChanges', () => {
  it('gives the pairwise answer, renames included, on random synths', () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 10 }), fc.array(entry, { maxLength: 10 }), (before, after) => {
        const unique = new Map(before.map((b) => [`${b.account}/${b.name}`, b]));
        const previous: PreviousIdentity[] = [...unique.values()].map(({ account, name, principal }) => ({ account, type: 'role', name, trustPolicy: trust(principal) }));
        const state = stateOf(after);
        expect(identityChanges(previous, state)).toEqual(pairwise(previous, state));
      }),
      { numRuns: 2000, seed: 20261201 },
    );
  });

  it('calls a rename only a one-to-one match', () => {
    const previous: PreviousIdentity[] = [
      { account: 'prod', type: 'role', name: 'old-a', trustPolicy: trust('lambda') },
      { account: 'prod', type: 'role', name: 'old-b', trustPolicy: trust('ecs') },
      { account: 'prod', type: 'role', name: 'old-c', trustPolicy: trust('ecs') },
    ];
    const changes = identityChanges(previous, stateOf([{ account: 'prod', name: 'new-a', principal: 'lambda' }, { account: 'prod', name: 'new-b', principal: 'ecs' }]));
    expect(changes.renamed).toEqual([{ account: 'prod', type: 'role', from: 'old-a', to: 'new-a' }]);
    expect(changes.removed.map((r) => r.name)).toEqual(['old-b', 'old-c']);
    expect(changes.added.map((r) => r.name)).toEqual(['new-b']);
  });
});
