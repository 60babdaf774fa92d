/**
 * The message registry (typescript-eslint's `messages`): every rule declares the messages it can
 * report, under permanent kebab-case ids, and every finding the rule tables produce names one of
 * its rule's messages with data that fills the template. Findings are identified by rule id,
 * message id, file and path (SARIF fingerprints), so a finding whose id its rule does not declare,
 * or whose data leaves a placeholder empty, is a bug this test catches before a user sees it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINE_MESSAGES, placeholders, renderMessage } from '../../src/core/lint/messages.js';
import type { Finding, RuleMeta } from '../../src/core/lint/types.js';
import { ALL_RULE_META, RULES } from '../../src/core/rules/index.js';
import { removeRepos } from '../support/repo-fixture.js';
import { generatePathCases } from './escalation-paths.cases.js';
import { SYNTH_CONSTRAINTS_UNREACHABLE } from './synth-constraints.cases.js';
import { lintFiles, type RuleCase } from './harness.js';
import { LOAD_RULES } from '../../src/core/rules/schema/load-rules.js';
import { ALL_TABLES } from './tables.js';

const KEBAB_CASE = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const metaOf = new Map(ALL_RULE_META.map((meta) => [meta.id, meta]));
const declared = ALL_RULE_META.flatMap((meta) => Object.entries(meta.messages).map(([messageId, template]) => ({ rule: meta.id, messageId, template })));

describe('every rule declares its messages', () => {
  // The type requires `messages`; an empty table would still let a rule report nothing it declared.
  it.each(ALL_RULE_META.map((meta) => meta.id))('%s declares at least one message', (id) => {
    expect(Object.keys(metaOf.get(id)!.messages).length, `${id}: declare meta.messages and return { messageId, data } from check`).toBeGreaterThan(0);
  });
});

describe('message ids and templates', () => {
  it('there are messages to check', () => {
    expect(declared.length).toBeGreaterThan(10);
  });

  it.each(declared)('$rule: $messageId is kebab-case and its template renders', ({ rule, messageId, template }) => {
    expect(messageId).toMatch(KEBAB_CASE);
    expect(template.trim()).not.toBe('');
    // Every `{{` belongs to a well-formed placeholder: filled, nothing of the template syntax is left.
    const data = Object.fromEntries(placeholders(template).map((name) => [name, '·']));
    const rendered = renderMessage(metaOf.get(rule)!, messageId, data);
    expect(rendered, template).not.toMatch(/\{\{|\}\}/);
  });

  it('the engine\'s own messages follow the same rules', () => {
    for (const [messageId, template] of Object.entries(ENGINE_MESSAGES)) {
      expect(messageId).toMatch(KEBAB_CASE);
      expect(renderMessage({ id: 'any', messages: {} }, messageId, Object.fromEntries(placeholders(template).map((n) => [n, '·'])))).not.toMatch(/\{\{|\}\}/);
    }
  });

  it('a rule\'s messages do not shadow the engine\'s', () => {
    expect(declared.filter((d) => d.messageId in ENGINE_MESSAGES)).toEqual([]);
  });
});

// Every case of every rule table (fires and passes: a passing case may still fire other rules),
// and the generated escalation-path cases, linted once.
const tableCases: { label: string; testCase: RuleCase }[] = ALL_TABLES.flatMap((table) =>
  [...table.fires, ...table.passes].map((testCase) => ({ label: `${table.rule}: ${testCase.name}`, testCase })),
);
const PATH_CASES = 'escalation paths (generated)';
const produced = new Map<string, readonly Finding[]>();

beforeAll(async () => {
  for (const { label, testCase } of tableCases) produced.set(label, (await lintFiles(testCase.files, { today: testCase.today })).findings);
  const pathCases = generatePathCases();
  produced.set(PATH_CASES, (await lintFiles(Object.fromEntries(pathCases.map((c) => [c.file, c.content])))).findings);
}, 600_000);
afterAll(removeRepos);

/** What is wrong with a finding's message id or data; empty when nothing is. */
function messageProblems(finding: Finding): string[] {
  const meta = metaOf.get(finding.ruleId);
  if (!meta) return [`rule ${finding.ruleId} is in no registry`];
  const template = meta.messages[finding.messageId];
  if (template === undefined) return [`${meta.id} does not declare message "${finding.messageId}" (it declares ${Object.keys(meta.messages).join(', ')})`];
  const missing = placeholders(template).filter((name) => finding.data[name] === undefined);
  if (missing.length > 0) return [`${meta.id}/${finding.messageId} lacks data for ${missing.map((n) => `{{${n}}}`).join(', ')}`];
  const bad = Object.entries(finding.data).filter(([, value]) => !(typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value))));
  if (bad.length > 0) return [`${meta.id}/${finding.messageId} has data that is neither string nor number: ${bad.map(([k]) => k).join(', ')}`];
  return finding.message === renderMessage(meta, finding.messageId, finding.data) ? [] : [`${meta.id}/${finding.messageId}: the message is not its template filled with its data`];
}

describe('every finding the rule cases produce names a declared message and fills it', () => {
  it('the cases were linted and produced findings of rules with messages', () => {
    expect(produced.size).toBe(tableCases.length + 1);
    const all = [...produced.values()].flat();
    expect(all.filter((f) => metaOf.get(f.ruleId)?.messages !== undefined).length).toBeGreaterThan(100);
  });

  it.each([...tableCases.map((c) => c.label), PATH_CASES])('%s', (label) => {
    const findings = produced.get(label)!;
    expect(findings.flatMap((f) => messageProblems(f).map((problem) => `${f.file}:${f.line} ${problem}`))).toEqual([]);
  });

  // A declared message no case produces is a template nobody has seen rendered: dead, or untested.
  const isProduced = (rule: string, messageId: string) => [...produced.values()].some((findings) => findings.some((f) => f.ruleId === rule && f.messageId === messageId));
  const unreachable = (rule: string, messageId: string) => rule === 'synth-constraints' && messageId in SYNTH_CONSTRAINTS_UNREACHABLE;
  // The loader's messages include I/O failures no case file can produce: test/loader/load-messages.test.ts
  // produces every one of them through a real load, and fails for any it does not.
  const loaderRules = new Set(Object.keys(LOAD_RULES));
  it.each(declared.filter((d) => !unreachable(d.rule, d.messageId) && !loaderRules.has(d.rule)))('$rule: $messageId is produced by some case', ({ rule, messageId }) => {
    expect(isProduced(rule, messageId), `add a fire case to test/rules/*.cases.ts that reports ${rule}/${messageId}`).toBe(true);
  });

  // Kept in the product behind a schema that keeps files within the limit: no file reaches them.
  // One that some case produces is reachable after all, and belongs in the fire cases instead.
  it.each(declared.filter((d) => unreachable(d.rule, d.messageId)))('$rule: $messageId is unreachable from the files, and no case produces it', ({ rule, messageId }) => {
    expect(isProduced(rule, messageId), `${rule}/${messageId} is produced: move it from SYNTH_CONSTRAINTS_UNREACHABLE to a fire case`).toBe(false);
  });

  it('the unreachable synth-constraints messages are all declared ones', () => {
    expect(Object.keys(SYNTH_CONSTRAINTS_UNREACHABLE).filter((id) => !declared.some((d) => d.rule === 'synth-constraints' && d.messageId === id))).toEqual([]);
  });
});

/** The findings of one rule in one named case of its table. */
function findingsOf(rule: string, caseName: string): readonly Finding[] {
  const findings = produced.get(`${rule}: ${caseName}`);
  if (!findings) throw new Error(`no case "${caseName}" in the ${rule} table`);
  return findings.filter((f) => f.ruleId === rule);
}

const pick = (finding: Finding | undefined, ...names: string[]) => Object.fromEntries(names.map((name) => [name, finding?.data[name]]));

describe('the data a machine reads, without parsing the sentence', () => {
  it('escalation-path: the path id, its public id, the actions and the grants', () => {
    const [finding, ...rest] = findingsOf('escalation-path', 'one action is a whole path (iam:PutRolePolicy)');
    expect(rest).toEqual([]);
    expect(finding?.messageId).toBe('holds-path');
    expect(pick(finding, 'pathId', 'publicId', 'actions', 'grants')).toEqual({ pathId: 'put-role-policy', publicId: 'pathfinding:iam-005', actions: 'iam:PutRolePolicy', grants: '1' });

    const split = findingsOf('escalation-path', 'PassRole and ec2:RunInstances split across two grants');
    expect(split.map((f) => pick(f, 'pathId', 'grants'))).toEqual([{ pathId: 'passrole-ec2', grants: '1, 2' }]);
  });

  it('escalation-path: a broad grant is one summary with the count and every path id', () => {
    const [summary] = findingsOf('escalation-path', 'Allow NotAction [s3:*] grants iam:* and everything else: one summary finding');
    expect(summary?.messageId).toBe('holds-many-paths');
    expect(String(summary?.data.pathIds).split(', ')).toHaveLength(Number(summary?.data.count));
  });

  it('escalation-across-identities: the chain of identities, the last one and what it holds', () => {
    const [hop] = findingsOf('escalation-across-identities', "sts:AssumeRole on an identity that trusts its account inherits that identity's path");
    expect(hop?.messageId).toBe('path-through-identities');
    expect(pick(hop, 'identities', 'target', 'hops', 'pathIds')).toEqual({ identities: 'test-app, vendor-admin', target: 'vendor-admin', hops: 1, pathIds: 'attach-user-policy' });

    const shared = findingsOf('escalation-across-identities', 'a path split between two identities of one workload, reported on both');
    expect(shared.map((f) => [f.identity, f.messageId, f.data.identities, f.data.pathId])).toEqual([
      ['orders-a', 'shared-workload-path', 'orders-a, orders-b', 'passrole-ec2'],
      ['orders-b', 'shared-workload-path', 'orders-a, orders-b', 'passrole-ec2'],
    ]);
  });

  it('unknown-action: the action as written and the suggestion', () => {
    const [typo] = findingsOf('unknown-action', 'a misspelt action, with the closest one suggested');
    expect([typo?.messageId, pick(typo, 'action', 'service', 'suggestion')]).toEqual(['unknown-action', { action: 's3:GetObjekt', service: 's3', suggestion: 's3:GetObject' }]);
  });

  it('passrole-unscoped: what is unscoped is the message id; a catalog role is named as data', () => {
    const [direct] = findingsOf('passrole-unscoped', 'role/* and no condition, through iam:*');
    expect([direct?.messageId, direct?.data]).toEqual(['any-role-any-service', { origin: '' }]);
    const [viaRole] = findingsOf('passrole-unscoped', 'through a catalog role: the message names the role, pointing at the grant');
    expect([viaRole?.messageId, viaRole?.data.role]).toEqual(['any-role', 'task-launcher']);
  });

  it('malformed-arn: a resource written like a placeholder stays data', () => {
    const [finding] = findingsOf('malformed-arn', 'a resource written like a placeholder is shown as written');
    expect(finding?.data.resource).toBe('{{problem}} $& $1 {{origin}}');
  });

  it('unknown-account: one message id with or without a suggestion, so a new near name does not change the finding', () => {
    const [near] = findingsOf('unknown-account', 'a misspelt account, with the closest key suggested');
    const [far] = findingsOf('unknown-account', 'an account nowhere near a known key: no suggestion');
    expect([near?.messageId, near?.data.suggestion]).toEqual(['unknown-account', 'acme-prod']);
    expect([far?.messageId, far?.data.suggestion]).toEqual(['unknown-account', undefined]);
  });
});
