/**
 * The access diff asks whether a catalog edit changed an identity's statements with sameJson,
 * which must answer exactly what comparing their canonical JSON answers (key order and undefined
 * properties ignored, everything else significant), without building the strings.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, sameJson } from '../../src/core/diff/canonical.js';

/** Small JSON-like values with undefined properties, so that near misses are common. */
const value = fc.letrec((tie) => ({
  leaf: fc.oneof(fc.constantFrom('s3:GetObject', 's3:GetObjectVersion', 'Allow', '', '1'), fc.integer({ min: 0, max: 2 }), fc.boolean(), fc.constant(null), fc.constant(undefined)),
  node: fc.oneof({ depthSize: 'small' }, tie('leaf'), fc.array(tie('node'), { maxLength: 3 }), fc.dictionary(fc.constantFrom('a', 'b', 'c'), tie('node'), { maxKeys: 3 })),
})).node;

/** A copy with every object's keys in another order: the same document, written otherwise. */
function reordered(input: unknown): unknown {
  if (Array.isArray(input)) return input.map(reordered);
  if (input === null || typeof input !== 'object') return input;
  return Object.fromEntries(Object.entries(input).reverse().map(([key, item]) => [key, reordered(item)]));
}

describe('sameJson', () => {
  it('agrees with comparing canonical JSON on any two values', () => {
    fc.assert(fc.property(value, value, (a, b) => sameJson(a, b) === (canonicalJson(a) === canonicalJson(b))), { numRuns: 3000 });
  });

  it('calls a document equal to itself with its keys reordered, and tells one changed action apart', () => {
    const statement = { effect: 'Allow', actions: ['s3:GetObject'], resources: ['arn:aws:s3:::orders/*'], condition: undefined };
    expect(sameJson(statement, reordered(statement))).toBe(true);
    expect(sameJson(statement, { ...statement, actions: ['s3:GetObject', 's3:GetObjectVersion'] })).toBe(false);
    expect(sameJson([statement], [statement, statement])).toBe(false);
    expect(sameJson({ a: [] }, { a: {} })).toBe(false);
  });
});
