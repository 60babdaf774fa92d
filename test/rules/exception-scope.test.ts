/** The two notations an exception's appliesTo is written in: document paths and IAM resource patterns. */
import { afterAll, describe, expect, it } from 'vitest';
import { removeRepos } from '../support/repo-fixture.js';
import { VALID_EXCEPTION } from './credentials.cases.js';
import { identity, identityFile, lintFiles } from './harness.js';
import { formatDocPath, parseDocPath, pathWithin } from '../../src/core/text/doc-path.js';
import { globWithin } from '../../src/core/text/glob-within.js';
import { MAX_PATTERN_LENGTH } from '../../src/core/text/pattern-table.js';
import { globsMeet } from '../../src/core/text/globs-meet.js';
import { narrowestPaths } from '../../src/core/lint/exceptions.js';

describe('document paths as users write them', () => {
  it.each([
    ['spec.grants[2]', ['spec', 'grants', 2]],
    ['spec.grants[2].statement.resources[0]', ['spec', 'grants', 2, 'statement', 'resources', 0]],
    ['spec.grants[0].statement.conditions.StringLike["s3:prefix"]', ['spec', 'grants', 0, 'statement', 'conditions', 'StringLike', 's3:prefix']],
    ['spec.grants[0].params["my.key"]', ['spec', 'grants', 0, 'params', 'my.key']],
  ] as const)('%s reads as %j and prints back the same', (text, path) => {
    expect(parseDocPath(text)).toEqual({ path });
    expect(formatDocPath(path)).toBe(text.replace('["s3:prefix"]', '.s3:prefix'));
  });

  it.each(['', 'spec..grants', 'spec.grants[-1]', 'spec.grants[x]', '.spec', 'spec.grants[0', 'spec grants'])('refuses %j with a reason', (text) => {
    expect(parseDocPath(text)).toHaveProperty('problem');
  });

  it('lies within itself and its ancestors, never a sibling or a key of the same spelling', () => {
    expect(pathWithin(['spec', 'grants', 2, 'role'], ['spec', 'grants', 2])).toBe(true);
    expect(pathWithin(['spec', 'grants', 2], ['spec', 'grants', 2])).toBe(true);
    expect(pathWithin(['spec', 'grants', 21], ['spec', 'grants', 2])).toBe(false);
    expect(pathWithin(['spec', 'grants', 2], ['spec', 'grants', 2, 'role'])).toBe(false);
    expect(pathWithin(['spec', 'grants', 2], ['spec', 'grants', '2'])).toBe(false);
  });

  it('suggests each finding path once, without any under another', () => {
    const paths = narrowestPaths([{ path: ['spec', 'grants', 1, 'role'] }, { path: ['spec', 'grants', 1] }, { path: ['spec', 'workload'] }, { path: ['spec', 'workload'] }, { path: [] }]);
    expect(paths.map(formatDocPath)).toEqual(['spec.grants[1]', 'spec.workload']);
  });
});

describe('a resource pattern within another', () => {
  it.each([
    ['arn:aws:s3:::acme-orders/*', 'arn:aws:s3:::acme-orders/*', true],
    ['arn:aws:s3:::acme-orders/2026/*', 'arn:aws:s3:::acme-orders/*', true],
    ['arn:aws:s3:::acme-orders/a?c', 'arn:aws:s3:::acme-orders/a*', true],
    ['arn:aws:s3:::acme-orders/abc', 'arn:aws:s3:::acme-orders/a?c', true],
    ['anything', '*', true],
    ['arn:aws:s3:::acme-orders/*', 'arn:aws:s3:::acme-orders/2026/*', false],
    ['arn:aws:s3:::acme-orders/*', 'arn:aws:s3:::acme-orders/?', false],
    ['arn:aws:s3:::acme-orders/a?c', 'arn:aws:s3:::acme-orders/abc', false],
    ['arn:aws:s3:::acme-orders*', 'arn:aws:s3:::acme-orders/*', false],
    ['*', 'arn:aws:s3:::*', false],
    ['arn:aws:s3:::acme-invoices/*', 'arn:aws:s3:::acme-orders/*', false],
  ] as const)('%s within %s: %s', (inner, outer, within) => {
    expect(globWithin(inner, outer)).toBe(within);
  });

  it('agrees with matching for every string of a small alphabet (containment holds whenever it says so)', () => {
    const words = ['', 'a', 'b', 'ab', 'ba', 'aa', 'abb', 'bab'];
    const matches = (pattern: string, word: string) => new RegExp(`^${pattern.replace(/\*/g, '.*').replace(/\?/g, '.')}$`).test(word);
    const patterns = ['*', 'a*', '*b', 'a?', '?b', 'a*b', '??', 'ab', '*a*', 'b*'];
    for (const inner of patterns) {
      for (const outer of patterns) {
        if (globWithin(inner, outer)) for (const word of words) if (matches(inner, word)) expect(matches(outer, word), `${inner} within ${outer}, yet ${word}`).toBe(true);
      }
    }
  });
});

describe('patterns as long as a branch can write them', () => {
  // Both answers recursed once per character: a 20,000-character resource overflowed the stack,
  // turning the exception rules into rule-failed and the gate's ownership check into a crash.
  const long = `arn:aws:s3:::acme-orders/${'a'.repeat(20_000)}`;

  it('within: no crash, and past the limit the answer that asks for the approver', () => {
    expect(globWithin(`${long}b`, `${long}*`)).toBe(false);
    const limit = `arn:aws:s3:::acme-orders/${'a'.repeat(MAX_PATTERN_LENGTH - 40)}`;
    expect(globWithin(`${limit}b`, `${limit}*`)).toBe(true);
    expect(globWithin(`${limit}b`, `${limit}c`)).toBe(false);
  });

  it('meet: no crash, and past the limit the answer that asks for the owner', () => {
    expect(globsMeet(`${long}*`, 'arn:aws:s3:::acme-invoices/*')).toBe(true);
    const limit = `arn:aws:s3:::acme-orders/${'a'.repeat(MAX_PATTERN_LENGTH - 40)}`;
    expect(globsMeet(`${limit}*`, 'arn:aws:s3:::acme-invoices/*')).toBe(false);
    expect(globsMeet(`${limit}*`, `${limit}b`)).toBe(true);
  });
});

describe('appliesTo as the loader reads it', () => {
  afterAll(removeRepos);
  const withAppliesTo = (appliesTo: string) =>
    identity({
      workload: 'external: { system: legacy-vendor }',
      specExtra: `credentials:\n  accessKey: { rotateEvery: 30d }\nexceptions:${VALID_EXCEPTION.replace(/\n {4}appliesTo:[\s\S]*$/, '')}\n    appliesTo: ${appliesTo}`,
    });

  it.each([
    ['[]', /appliesTo needs at least one path or resource; leave it out to cover the whole rule/],
    ['[{}]', /an appliesTo entry names a path, a resource, or both/],
    ['[{ paths: "spec.workload" }]', /unknown field "paths"\. Did you mean "path"\?/],
  ])('refuses appliesTo: %s with file:line and what to write', async (appliesTo, message) => {
    const result = await lintFiles({ [identityFile()]: withAppliesTo(appliesTo) });
    const errors = result.findings.filter((finding) => finding.ruleId === 'schema-invalid');
    expect(errors.length).toBeGreaterThan(0);
    for (const error of errors) expect([error.file, error.line]).toEqual([identityFile(), 24]);
    expect(errors.map((error) => error.message).join('\n')).toMatch(message);
  });
});
