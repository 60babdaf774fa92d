/**
 * Table-driven rule tests through the real loader and engine: each case writes YAML files into a
 * temporary repository, lints it, and compares the findings with markers written in the YAML.
 *
 * A marker is a YAML comment on the line a finding must point at:
 *
 *     actions: ["*"]   # expect: admin-wildcard:18, service-wildcard
 *
 * `rule:column` pins the column too. For every rule named by a marker in a case (and always for
 * the rule under test) the findings must be exactly the markers: no more, no fewer.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { IamDataCatalog } from '../../src/adapters/iam-data-catalog.js';
import { fileSystemSource } from '../../src/adapters/fs-file-source.js';
import { checkRepository, type CheckResult } from '../../src/app/lint.js';
import type { Finding } from '../../src/core/lint/types.js';
import { makeRepo, readExample, removeRepos, type FixtureFiles } from '../support/repo-fixture.js';

export const TODAY = '2026-11-25';

/** One action catalogue for the whole test file: it caches services as they load. */
const actionCatalog = new IamDataCatalog();

export interface RuleCase {
  readonly name: string;
  readonly files: FixtureFiles;
  readonly today?: string;
  /** Every finding of the rule under test must match (in addition to the markers' positions). */
  readonly message?: RegExp;
  /** Positions that cannot carry a marker (an empty or binary file); line 1 stands for "the whole file". */
  readonly expected?: readonly Marker[];
  /** Rule ids that an exception must have suppressed (reported in `suppressed`, not in findings). */
  readonly suppressed?: readonly string[];
  /** Rule ids that must not report anything (a marker-less way to say "and not this one"). */
  readonly absent?: readonly string[];
}

export interface RuleTable {
  readonly rule: string;
  /** Cases in which the rule reports exactly its markers (at least one). */
  readonly fires: readonly RuleCase[];
  /** Cases in which the rule reports nothing. */
  readonly passes: readonly RuleCase[];
}

export async function lintFiles(files: FixtureFiles, options: { today?: string; mode?: 'lint' | 'validate' } = {}): Promise<CheckResult> {
  const root = await makeRepo(files);
  return checkRepository(fileSystemSource(root), { today: options.today ?? TODAY, catalog: actionCatalog, mode: options.mode ?? 'lint' });
}

export interface Marker {
  readonly ruleId: string;
  readonly file: string;
  readonly line: number;
  readonly column?: number;
}

function markersOf(files: FixtureFiles): Marker[] {
  const markers: Marker[] = [];
  for (const [file, content] of Object.entries(files)) {
    if (typeof content !== 'string') continue;
    content.split('\n').forEach((text, index) => {
      const match = /#\s*expect:\s*(.+)$/.exec(text);
      if (!match) return;
      for (const item of (match[1] as string).split(',')) {
        const [ruleId, column] = item.trim().split(':') as [string, string | undefined];
        markers.push({ ruleId, file, line: index + 1, ...(column === undefined ? {} : { column: Number(column) }) });
      }
    });
  }
  return markers;
}

/** `file:line` or `file:line:column`, with the column only where a marker pins it. */
function positions(findings: readonly Finding[], markers: readonly Marker[]): string[] {
  const pinned = new Set(markers.filter((m) => m.column !== undefined).map((m) => `${m.file}:${m.line}`));
  return findings
    // Renderers print a finding without a line (an unreadable file) at 1:1; so does this.
    .map((f) => ({ file: f.file, line: f.line ?? 1, column: f.column ?? 1 }))
    .map((f) => (pinned.has(`${f.file}:${f.line}`) ? `${f.file}:${f.line}:${f.column}` : `${f.file}:${f.line}`))
    .sort();
}

function expectedPositions(markers: readonly Marker[]): string[] {
  return markers.map((m) => (m.column === undefined ? `${m.file}:${m.line}` : `${m.file}:${m.line}:${m.column}`)).sort();
}

function describeFindings(findings: readonly Finding[]): string {
  return findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId} ${f.message}`).join('\n');
}

async function checkCase(rule: string, testCase: RuleCase, mustFire: boolean): Promise<void> {
  const result = await lintFiles(testCase.files, { today: testCase.today });
  const markers = [...markersOf(testCase.files), ...(testCase.expected ?? [])];
  const context = `findings:\n${describeFindings(result.findings)}`;
  expect(result.findings.filter((f) => /failed and could not check/.test(f.message)), context).toEqual([]);

  const own = markers.filter((m) => m.ruleId === rule);
  if (mustFire) expect(own.length, 'a "fires" case needs at least one marker for its rule').toBeGreaterThan(0);
  else expect(own, 'a "passes" case carries no marker for its rule').toEqual([]);

  for (const ruleId of new Set([rule, ...markers.map((m) => m.ruleId), ...(testCase.absent ?? [])])) {
    const expected = markers.filter((m) => m.ruleId === ruleId);
    const actual = result.findings.filter((f) => f.ruleId === ruleId);
    expect(positions(actual, expected), `${ruleId}: ${context}`).toEqual(expectedPositions(expected));
  }
  if (testCase.message) {
    for (const finding of result.findings.filter((f) => f.ruleId === rule)) expect(finding.message).toMatch(testCase.message);
  }
  for (const ruleId of testCase.suppressed ?? []) {
    expect(result.suppressed.map((f) => f.ruleId), `suppressed:\n${describeFindings(result.suppressed)}`).toContain(ruleId);
  }
}

/** Registers the describe/it blocks of some rule tables. */
export function describeRuleTables(tables: readonly RuleTable[]): void {
  afterAll(removeRepos);
  for (const table of tables) {
    describe(table.rule, () => {
      for (const testCase of table.fires) it(`fires: ${testCase.name}`, () => checkCase(table.rule, testCase, true));
      for (const testCase of table.passes) it(`passes: ${testCase.name}`, () => checkCase(table.rule, testCase, false));
    });
  }
}

export interface IdentityParts {
  readonly name?: string;
  /** null leaves the field out. */
  readonly owner?: string | null;
  readonly description?: string | null;
  readonly metadataExtra?: string;
  readonly account?: string;
  readonly classification?: string;
  /** The mapping under `workload:`, written at any indentation. */
  readonly workload?: string;
  /** The list under `grants:`; null leaves `grants:` out. */
  readonly grants?: string | null;
  readonly expires?: string | null;
  /** The value of `review:`; null leaves it out. */
  readonly review?: string | null;
  /** More lines under `spec:`. */
  readonly specExtra?: string;
  /** Markers for the builder's own lines, e.g. `{ metadata: 'owner-required:1' }`. */
  readonly marks?: Partial<Record<MarkableLine, string>>;
}

export type MarkableLine = 'metadata' | 'name' | 'owner' | 'spec' | 'account' | 'workload' | 'grants' | 'expires' | 'review';

/** Re-indents a template fragment: strips its common indentation and indents it by `spaces`. */
export function indent(fragment: string, spaces: number): string {
  const lines = fragment.replace(/^\n+|\s+$/g, '').split('\n');
  const common = Math.min(...lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length));
  return lines.map((l) => (l.trim() ? ' '.repeat(spaces) + l.slice(common) : '')).join('\n');
}

/**
 * A valid identity that lints clean with the example catalog, with parts replaced. Its first
 * lines are fixed (name on line 4, owner on 5, description on 6, account on 8, workload from 11),
 * but markers are the way to state positions.
 */
export function identity(parts: IdentityParts = {}): string {
  const name = parts.name ?? 'test-app';
  const mark = (line: string, key: MarkableLine) => (parts.marks?.[key] ? `${line}   # expect: ${parts.marks[key]}` : line);
  const lines = ['apiVersion: gatehouse/v1', 'kind: Identity', mark('metadata:', 'metadata'), mark(`  name: ${name}`, 'name')];
  if (parts.owner !== null) lines.push(mark(`  owner: "${parts.owner ?? '@acme/payments'}"`, 'owner'));
  if (parts.description !== null) lines.push(`  description: ${parts.description ?? 'Test workload that sends order events to the orders queue.'}`);
  if (parts.metadataExtra) lines.push(indent(parts.metadataExtra, 2));
  lines.push(mark('spec:', 'spec'), mark(`  account: ${parts.account ?? 'acme-prod'}`, 'account'), `  dataClassification: ${parts.classification ?? 'internal'}`);
  lines.push(mark('  workload:', 'workload'), indent(parts.workload ?? `eks: { cluster: prod-main, namespace: orders, serviceAccount: ${name} }`, 4));
  if (parts.grants !== null) {
    lines.push(mark('  grants:', 'grants'), indent(parts.grants ?? '- role: sqs-sender\n  params: { queue: orders }', 4));
  }
  if (parts.expires !== null) lines.push(mark(`  expires: ${parts.expires ?? '2027-06-30'}`, 'expires'));
  if (parts.review !== null) lines.push(mark(`  review: ${parts.review ?? '{ every: 90d, last: 2026-11-01 }'}`, 'review'));
  if (parts.specExtra) lines.push(indent(parts.specExtra, 2));
  return `${lines.join('\n')}\n`;
}

/** An ad-hoc statement grant, as the list item under `grants:`; `mark` goes on its `- statement:` line. */
export function statementGrant(body: string, options: { reason?: string; mark?: string } = {}): string {
  const head = options.mark ? `- statement:   # expect: ${options.mark}` : '- statement:';
  return `${head}\n${indent(body, 4)}\n  reason: ${options.reason ?? 'Needed by the test workload for its job'}`;
}

export const identityFile = (name = 'test-app', team = 'payments') => `identities/${team}/${name}.yaml`;

/** The files of a case: the default identity with one ad-hoc statement as its only grant. */
export const withStatement = (body: string): FixtureFiles => ({ [identityFile()]: identity({ grants: statementGrant(body) }) });

const EXAMPLE_ROLES = await readExample('catalog/roles.yaml');
const EXAMPLE_POLICY = await readExample('catalog/policy.yaml');
export const EXAMPLE_ACCOUNTS = await readExample('catalog/accounts.yaml');

/** catalog/roles.yaml of the example with more roles (written at any indentation) appended. */
export function rolesWith(extra: string): string {
  return `${EXAMPLE_ROLES.trimEnd()}\n${indent(extra, 2)}\n`;
}

/** catalog/policy.yaml of the example with its `rules: {}` line replaced. */
export function policyWithRules(rules: string): string {
  if (!EXAMPLE_POLICY.includes('rules: {}')) throw new Error('the example policy no longer ends with "rules: {}"');
  return EXAMPLE_POLICY.replace('rules: {}', `rules: ${rules}`);
}
