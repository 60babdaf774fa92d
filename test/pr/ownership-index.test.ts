/**
 * The ownership questions are answered through an index (pattern-index.ts) so that a bulk import
 * does not ask globsMeet about every pair of a new and a base pattern. These tests hold the
 * indexed answers to the pairwise ones, on random patterns with `*` and `?` on both sides, and
 * show the index really leaves out the patterns that cannot meet.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boundToSameWorkload, reachedResources, sameWorkload, type BoundIdentity, type OwnedResource, type WorkloadBinding } from '../../src/core/approvals/ownership.js';
import { literalPrefix, partsKey, PatternIndex } from '../../src/core/approvals/pattern-index.js';
import { globsMeet } from '../../src/core/text/globs-meet.js';
import { MAX_PATTERN_LENGTH } from '../../src/core/text/pattern-table.js';

/** Short patterns over a small alphabet meet often; now and then one too long for the table, or holding the key separator. */
const pattern = fc.oneof(
  { weight: 20, arbitrary: fc.array(fc.constantFrom('a', 'b', ':', '*', '?'), { maxLength: 7 }).map((chars) => chars.join('')) },
  { weight: 1, arbitrary: fc.constantFrom('a'.repeat(MAX_PATTERN_LENGTH + 1), 'a\u0000b', '*', '') },
);
const service = fc.constantFrom('secretsmanager', 's3', '*');

/** reachedResources as it was before the index: every owned resource of the service (or open to all), in order. */
function reachedPairwise(gained: readonly { service: string; resource: string }[], owned: readonly OwnedResource[]): { resource: OwnedResource; via: string }[] {
  const reached = new Map<OwnedResource, string>();
  for (const { service: asked, resource } of gained) {
    for (const candidate of owned) {
      const sameService = candidate.service === asked || (asked !== '*' && candidate.service === '*');
      if (!sameService || reached.has(candidate)) continue;
      if (globsMeet(resource, candidate.pattern)) reached.set(candidate, `${asked} on ${resource}`);
    }
  }
  return [...reached].map(([resource, via]) => ({ resource, via }));
}

const RUNS = { numRuns: 400, seed: 15 };

describe('indexed ownership answers are the pairwise ones', () => {
  it('reaches the same owned resources, in the same order and through the same pair', () => {
    const owned = fc.array(fc.record({ pattern, service }), { maxLength: 30 }).map((entries) => entries.map((entry, index): OwnedResource => ({ ...entry, owner: `@acme/team-${index % 3}`, declared: `resource ${index}` })));
    const gained = fc.array(fc.record({ service, resource: pattern }), { maxLength: 8 });
    fc.assert(
      fc.property(owned, gained, (ownedResources, gainedPairs) => {
        expect(reachedResources(gainedPairs, ownedResources)).toEqual(reachedPairwise(gainedPairs, ownedResources));
      }),
      RUNS,
    );
  });

  it('finds the same bound identities for a workload, in base order', () => {
    const binding = fc.record({
      kind: fc.constantFrom('eks', 'githubActions') as fc.Arbitrary<WorkloadBinding['kind']>,
      parts: fc.array(pattern, { minLength: 1, maxLength: 3 }),
    }).map((entry): WorkloadBinding => ({ ...entry, description: entry.parts.join('/') }));
    const bound = fc.array(binding, { maxLength: 30 }).map((bindings) => bindings.map((entry, index): BoundIdentity => ({ name: `base-${index}`, owner: '@acme/payments', binding: entry })));
    fc.assert(
      fc.property(bound, fc.array(binding, { minLength: 1, maxLength: 5 }), (base, asked) => {
        for (const query of asked) expect(boundToSameWorkload(base, query)).toEqual(base.filter((other) => sameWorkload(query, other.binding)));
      }),
      RUNS,
    );
  });

  it('never leaves out a pattern that meets the query, whichever side holds the wildcard', () => {
    fc.assert(
      fc.property(fc.array(pattern, { maxLength: 40 }), pattern, (patterns, query) => {
        const index = new PatternIndex(patterns.map((value) => ({ key: literalPrefix(value), value })));
        const candidates = index.candidates(literalPrefix(query));
        expect(candidates.filter((value) => globsMeet(query, value))).toEqual(patterns.filter((value) => globsMeet(query, value)));
      }),
      RUNS,
    );
  });
});

describe('the index leaves out what cannot meet', () => {
  const arn = (name: string) => `arn:aws:secretsmanager:us-east-1:111122223333:secret:${name}-??????`;

  it('offers a new secret only the base secrets whose literal prefix agrees with its own', () => {
    const names = Array.from({ length: 5000 }, (_, index) => `payments/secret-${index}`);
    const index = new PatternIndex([...names.map(arn), arn('payments/*'), 'arn:aws:secretsmanager:*'].map((value) => ({ key: literalPrefix(value), value })));
    // The `-` before AWS's suffix keeps secret-4 and secret-43 out of secret-4321's candidates.
    expect(index.candidates(literalPrefix(arn('payments/secret-4321')))).toEqual([arn('payments/secret-4321'), arn('payments/*'), 'arn:aws:secretsmanager:*']);
    expect(index.candidates(literalPrefix(arn('data/other')))).toEqual(['arn:aws:secretsmanager:*']);
    // A query with a wildcard early reaches every pattern under it: those may all meet.
    expect(index.candidates(literalPrefix('arn:aws:secretsmanager:*'))).toHaveLength(5002);
  });

  it('keys a workload by its literal parts up to the first wildcard', () => {
    expect(partsKey(['eks/3', 'issuer', 'payments', 'api'])).toBe('eks/3\u0000issuer\u0000payments\u0000api\u0000');
    expect(partsKey(['eks/3', 'issuer', 'pay*', 'api'])).toBe('eks/3\u0000issuer\u0000pay');
    expect(partsKey(['eks/3', 'a\u0000b', 'api'])).toBe('eks/3\u0000');
    expect(partsKey(['eks/3', 'x'.repeat(MAX_PATTERN_LENGTH + 1), 'api'])).toBe('eks/3\u0000');
  });
});
