/**
 * Message ids and data of the credentials, isolation, least-privilege, lifecycle, ownership and trust rules.
 *
 * Every fire case of their rule tables must report one of its rule's declared message ids with every
 * placeholder of that template in its data; every declared message must be reached by some case (a template
 * nothing reports is dead or untested); and representative cases must carry the machine-useful parts
 * (action, resource, account, dates, counts) as separate data, so a consumer acts on them without parsing text.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { placeholders } from '../../src/core/lint/messages.js';
import type { Finding, RuleMeta } from '../../src/core/lint/types.js';
import { RULES } from '../../src/core/rules/index.js';
import { removeRepos, type FixtureFiles } from '../support/repo-fixture.js';
import { credentialsTables } from './credentials.cases.js';
import { identity, identityFile, lintFiles, rolesWith, withStatement, type RuleCase, type RuleTable } from './harness.js';
import { isolationTables } from './isolation.cases.js';
import { leastPrivilegeTables } from './least-privilege.cases.js';
import { lifecycleTables } from './lifecycle.cases.js';
import { ownershipTables } from './ownership.cases.js';
import { trustTables } from './trust.cases.js';

afterAll(removeRepos);

const FOLDERS = ['credentials', 'isolation', 'least-privilege', 'lifecycle', 'ownership', 'trust'] as const;
const file = identityFile();
const dev = (workload: string): FixtureFiles => ({ [file]: identity({ account: 'acme-dev', expires: '2027-01-31', workload }) });

/** Cases for messages the shared rule tables do not reach (their positions are checked there, not here). */
const EXTRA_FIRES: readonly (RuleCase & { readonly rule: string })[] = [
  { rule: 'eks-trust-pinned', name: 'a wildcard cluster', files: { [file]: identity({ workload: 'eks: { cluster: "prod-*", namespace: orders, serviceAccount: test-app }' }) } },
  { rule: 'github-trust-pinned', name: 'a wildcard repository with a ref', files: dev('githubActions: { repo: "acme/*", ref: refs/heads/main }') },
];

const TABLES: readonly RuleTable[] = [...credentialsTables, ...isolationTables, ...leastPrivilegeTables, ...lifecycleTables, ...ownershipTables, ...trustTables];
const META = new Map<string, RuleMeta>(RULES.map((rule) => [rule.meta.id, rule.meta]));
const OWN_RULES = RULES.map((rule) => rule.meta).filter((meta) => (FOLDERS as readonly string[]).includes(meta.category));

function metaOf(ruleId: string): RuleMeta {
  const meta = META.get(ruleId);
  if (!meta) throw new Error(`no rule ${ruleId}`);
  return meta;
}

function caseNamed(rule: string, name: string): RuleCase {
  const found = TABLES.find((t) => t.rule === rule)?.fires.find((c) => c.name === name) ?? EXTRA_FIRES.find((c) => c.rule === rule && c.name === name);
  if (!found) throw new Error(`no fire case "${name}" of ${rule}: the case was renamed or removed`);
  return found;
}

async function findingsOf(rule: string, testCase: Pick<RuleCase, 'files' | 'today'>): Promise<Finding[]> {
  const result = await lintFiles(testCase.files, { today: testCase.today });
  return result.findings.filter((f) => f.ruleId === rule);
}

describe('the rules of these folders', () => {
  it('are the rules the tables cover, each declaring its messages', () => {
    expect(OWN_RULES.map((m) => m.id).sort()).toEqual([...new Set(TABLES.map((t) => t.rule))].sort());
    for (const meta of OWN_RULES) expect(Object.keys(meta.messages ?? {}), `${meta.id} declares no messages`).not.toEqual([]);
  });

  it('name their messages with permanent kebab-case ids', () => {
    for (const meta of OWN_RULES) for (const id of Object.keys(meta.messages ?? {})) expect(id, meta.id).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
  });
});

describe('every fire case reports a declared message with its data', () => {
  const reached = new Map<string, Set<string>>();
  const cases = [...TABLES.flatMap((table) => table.fires.map((c) => ({ ...c, rule: table.rule }))), ...EXTRA_FIRES];
  for (const testCase of cases) {
    it(`${testCase.rule}: ${testCase.name}`, async () => {
      const meta = metaOf(testCase.rule);
      const findings = await findingsOf(testCase.rule, testCase);
      expect(findings.length, 'a fire case fires').toBeGreaterThan(0);
      for (const finding of findings) {
        const template = meta.messages?.[finding.messageId];
        expect(template, `${finding.messageId} is not a message of ${meta.id}`).toBeDefined();
        for (const name of placeholders(template!)) expect(finding.data, `${finding.messageId} needs {{${name}}}`).toHaveProperty(name);
        for (const value of Object.values(finding.data)) expect(['string', 'number']).toContain(typeof value);
        let ids = reached.get(meta.id);
        if (!ids) reached.set(meta.id, (ids = new Set()));
        ids.add(finding.messageId);
      }
    });
  }
  it('and together they reach every declared message', () => {
    for (const meta of OWN_RULES) expect([...(reached.get(meta.id) ?? [])].sort(), meta.id).toEqual(Object.keys(meta.messages ?? {}).sort());
  });
});

interface DataCase {
  readonly rule: string;
  /** A fire case of the rule's table, by name, or files of its own. */
  readonly case: string | Pick<RuleCase, 'files' | 'today'>;
  readonly messageId: string;
  /** The finding's data exactly (asymmetric matchers for counts that follow the IAM catalogue). */
  readonly data: Record<string, unknown>;
}

const anyCount = expect.any(Number) as unknown as number;
/** An identity granted one catalog role written for the case. */
const catalogRole = (role: string, body: string): Pick<RuleCase, 'files'> => ({
  files: {
    'catalog/roles.yaml': rolesWith(`${role}:\n  description: Test role granting what the case needs\n  owner: "@acme/security"\n  workloads: [eks]\n  statements:\n${body}`),
    [file]: identity({ grants: `- role: ${role}` }),
  },
});

const DATA_CASES: readonly DataCase[] = [
  // least-privilege: the action pattern, its service and count, and the catalog role it came from
  { rule: 'admin-wildcard', case: 'an ad-hoc Action "*"', messageId: 'full-administrator', data: { origin: '', action: '*' } },
  {
    rule: 'admin-wildcard',
    case: catalogRole('all-powerful', '    - actions: ["*"]\n      resources: ["*"]'),
    messageId: 'full-administrator',
    data: { origin: 'catalog role "all-powerful": ', role: 'all-powerful', action: '*' },
  },
  { rule: 'service-wildcard', case: '"s3:*"', messageId: 'every-action-of-service', data: { origin: '', action: 's3:*', service: 's3', count: anyCount, accessLevels: expect.stringMatching(/^\d+ List, \d+ Read/) } },
  { rule: 'action-wildcard', case: '"s3:Get*" with what it expands to', messageId: 'wildcard-expands', data: { origin: '', action: 's3:Get*', service: 's3', count: anyCount, accessLevels: expect.stringMatching(/^\d+ Read$/) } },
  { rule: 'resource-wildcard', case: 'a scopable action on "*"', messageId: 'resource-star', data: { origin: '', count: 1, actions: 's3:GetObject' } },
  { rule: 'resource-wildcard', case: 'no resources at all reads as "*"', messageId: 'no-resources', data: { origin: '', count: 1, actions: expect.any(String) } },
  { rule: 'not-action-allow', case: 'Allow with NotAction', messageId: 'allow-with-not-actions', data: { origin: '', excepted: expect.any(String) } },
  { rule: 'permissions-management', case: 'an inline-policy write', messageId: 'grants-permissions-management', data: { origin: '', count: 1, actions: 'iam:PutRolePolicy' } },
  {
    rule: 'sensitive-read-wildcard',
    case: 'every secret of the account',
    messageId: 'reads-every-resource',
    data: { origin: '', actions: 'secretsmanager:GetSecretValue', resource: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:*' },
  },
  // isolation: the resource, the account it names, the catalog's entry for it, and the identity's own account
  {
    rule: 'cross-account-resource',
    case: 'a resource of a known other account',
    messageId: 'other-catalog-account',
    data: { origin: '', resource: 'arn:aws:sqs:us-east-1:222233334444:orders', resourceAccount: '222233334444', resourceAccountKey: 'acme-staging', resourceEnvironment: 'staging', account: '111122223333' },
  },
  {
    rule: 'external-account-resource',
    case: 'a resource of an account outside the catalog: a data path out of the organisation',
    messageId: 'account-outside-catalog',
    data: { origin: '', resource: 'arn:aws:sqs:us-east-1:999988887777:orders', resourceAccount: '999988887777', account: '111122223333' },
  },
  { rule: 'prod-trusts-nonprod', case: 'a staging EKS cluster', messageId: 'nonprod-cluster', data: { cluster: 'staging-main', environment: 'staging' } },
  { rule: 'prod-trusts-nonprod', case: 'a staging account', messageId: 'nonprod-account', data: { accountId: '222233334444', environment: 'staging' } },
  { rule: 'prod-trusts-nonprod', case: 'a staging GitHub environment', messageId: 'nonprod-github-environment', data: { githubEnvironment: 'staging' } },
  { rule: 'prod-trusts-nonprod', case: 'a feature branch', messageId: 'unprotected-ref', data: { ref: 'refs/heads/develop' } },
  // lifecycle: dates and day counts
  { rule: 'expiry', case: 'no expiry: points at spec', messageId: 'missing', data: {} },
  { rule: 'expiry', case: 'expired', messageId: 'expired', data: { expires: '2026-11-01', daysAgo: 24 } },
  { rule: 'expiry', case: 'beyond the prod cap (365d)', messageId: 'expires-too-late', data: { expires: '2027-11-26', daysLeft: 366, capDays: 365, environment: 'prod' } },
  { rule: 'review', case: 'an interval beyond the policy maximum', messageId: 'interval-too-long', data: { every: '365d', max: '180d' } },
  { rule: 'review', case: 'a last review in the future', messageId: 'last-in-future', data: { last: '2026-12-01' } },
  { rule: 'review', case: 'overdue by one day more than the grace period', messageId: 'overdue', data: { last: '2026-08-12', every: '90d', due: '2026-11-10', days: 15, grace: '14d' } },
  { rule: 'secret-rotation', case: 'a secret without rotateEvery', messageId: 'no-rotation-period', data: { secret: 'orders/api-key' } },
  { rule: 'secret-rotation', case: 'rotation slower than the policy maximum', messageId: 'rotation-too-slow', data: { secret: expect.any(String), rotateEvery: '180d', max: '90d' } },
  // credentials
  { rule: 'static-credentials', case: 'an external system', messageId: 'external-without-certificate', data: { system: 'legacy-vendor' } },
  { rule: 'static-credentials', case: 'an access key next to a role workload', messageId: 'access-key', data: {} },
  { rule: 'access-key-rotation', case: 'rotation slower than the policy maximum', messageId: 'rotation-too-slow', data: { rotateEvery: '180d', max: '90d' } },
  {
    rule: 'literal-secret',
    case: 'an access key id in the description, named by kind, never repeated',
    messageId: 'secret-value',
    data: { field: 'metadata.description', shape: 'aws-access-key-id', kind: 'an AWS access key id' },
  },
  { rule: 'literal-secret', case: 'a GitHub token in an exception reason', messageId: 'secret-value', data: { field: 'spec.exceptions.0.reason', shape: 'github-token', kind: 'a GitHub token' } },
  // ownership
  { rule: 'owner-required', case: 'no owner: points at metadata', messageId: 'missing', data: {} },
  { rule: 'owner-known', case: 'a misspelt team, with the closest one suggested', messageId: 'unknown-team', data: { owner: '@acme/paymnts', didYouMean: ' Did you mean "@acme/payments"?', suggestion: '@acme/payments' } },
  { rule: 'owner-known', case: 'an owner not written as @org/team', messageId: 'not-a-team-name', data: { owner: expect.any(String), didYouMean: expect.any(String) } },
  { rule: 'description-required', case: { files: { [file]: identity({ description: 'api' }) } }, messageId: 'missing-or-short', data: { minLength: 10 } },
  { rule: 'catalog-role-owner', case: 'a catalog role without an owner', messageId: 'no-owner', data: { role: 'orphan-reader' } },
  { rule: 'catalog-role-owner', case: 'a catalog role owned by a team the policy does not know', messageId: 'unknown-owner', data: { role: expect.any(String), owner: '@acme/vendors' } },
  { rule: 'catalog-role-owner', case: 'a placeholder that is neither declared nor built in', messageId: 'undeclared-parameter', data: { role: expect.any(String), parameter: 'queue' } },
  // trust
  { rule: 'github-trust-pinned', case: 'no environment and no ref', messageId: 'no-environment-or-ref', data: { repo: 'acme/orders' } },
  { rule: 'github-trust-pinned', case: 'a wildcard environment', messageId: 'wildcard-environment', data: { repo: 'acme/orders', environment: 'prod*' } },
  { rule: 'github-trust-pinned', case: 'a short ref', messageId: 'not-full-ref', data: { repo: 'acme/orders', ref: 'main' } },
  { rule: 'cross-account-trusts-catalog', case: 'another catalog account', messageId: 'catalog-account', data: { accountId: '111122223333', accountKey: 'acme-prod', environment: 'prod' } },
  { rule: 'cross-account-external-id', case: 'no external id', messageId: 'no-external-id', data: { accountId: '444455556666' } },
  { rule: 'eks-trust-pinned', case: 'a wildcard namespace', messageId: 'wildcard-namespace', data: { field: 'namespace', value: '*' } },
  { rule: 'eks-trust-pinned', case: 'a wildcard service account', messageId: 'wildcard-service-account', data: { field: 'serviceAccount', value: 'orders-*' } },
  {
    rule: 'eks-trust-pinned',
    case: 'a cluster the account does not have, with the closest one suggested',
    messageId: 'unknown-cluster',
    data: { cluster: 'prod-mian', account: 'acme-prod', didYouMean: ' Did you mean "prod-main"?', suggestion: 'prod-main' },
  },
  {
    rule: 'service-principal-known',
    case: 'a misspelt principal, with the closest one suggested',
    messageId: 'unknown-principal',
    data: { principal: 'lamda.amazonaws.com', didYouMean: ' Did you mean "lambda.amazonaws.com"?', suggestion: 'lambda.amazonaws.com' },
  },
];

describe('findings carry the machine-useful parts as separate data', () => {
  for (const dataCase of DATA_CASES) {
    const label = typeof dataCase.case === 'string' ? dataCase.case : dataCase.messageId;
    it(`${dataCase.rule} ${dataCase.messageId}: ${label}`, async () => {
      const testCase = typeof dataCase.case === 'string' ? caseNamed(dataCase.rule, dataCase.case) : dataCase.case;
      const findings = await findingsOf(dataCase.rule, testCase);
      const matching = findings.filter((f) => f.messageId === dataCase.messageId);
      expect(matching.length, `messages: ${findings.map((f) => f.messageId).join(', ')}`).toBeGreaterThan(0);
      for (const finding of matching) expect(finding.data).toEqual(dataCase.data);
    });
  }
});

describe('abuse: what a finding says about the file it was given', () => {
  const SECRETS = {
    'aws-access-key-id': 'AKIAQWERTYUIOPASDFGH',
    'github-token': `ghp_${'a1B2c3D4e5'.repeat(4)}`,
    'aws-secret-access-key': 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKE',
  };
  for (const [shape, secret] of Object.entries(SECRETS)) {
    it(`a literal ${shape} is named by kind and field, never repeated in the message or the data`, async () => {
      const findings = await findingsOf('literal-secret', { files: { [file]: identity({ metadataExtra: `ticket: "${secret}"` }) } });
      expect(findings.map((f) => f.data)).toEqual([expect.objectContaining({ field: 'metadata.ticket', shape })]);
      const said = JSON.stringify(findings.map((f) => ({ message: f.message, data: f.data })));
      for (const piece of [secret, secret.slice(0, 12), secret.slice(-12)]) expect(said).not.toContain(piece);
    });
  }

  it('a guessable external id is reported without repeating it', async () => {
    const findings = await findingsOf('cross-account-external-id', { files: dev('crossAccount: { accountId: "444455556666", externalId: q7Zr1x }') });
    expect(findings.map((f) => [f.messageId, f.data])).toEqual([['short-external-id', { accountId: '444455556666', minLength: 8 }]]);
    expect(JSON.stringify(findings)).not.toContain('q7Zr1x');
  });

  it('braces and $ patterns written into a field are shown as written, not filled as placeholders', async () => {
    const owner = '@acme/{{didYouMean}}$&{{owner}}';
    const [finding] = await findingsOf('owner-known', { files: { [file]: identity({ owner }) } });
    expect(finding?.data.owner).toBe(owner);
    expect(finding?.message).toBe(`owner "${owner}" is not a team in catalog/policy.yaml.${finding?.data.didYouMean}`);
  });

  it('an overdue review stays the same finding from one day to the next: only its data changes', async () => {
    const files = { [file]: identity({ review: '{ every: 30d, last: 2026-01-01 }' }) };
    const [monday, tuesday] = [(await findingsOf('review', { files, today: '2026-06-01' }))[0]!, (await findingsOf('review', { files, today: '2026-06-02' }))[0]!];
    const identityOf = (f: Finding) => [f.ruleId, f.messageId, f.file, f.path];
    expect(identityOf(tuesday)).toEqual(identityOf(monday));
    expect(monday.messageId).toBe('overdue');
    expect((tuesday.data.days as number) - (monday.data.days as number)).toBe(1);
    expect(tuesday.message).not.toBe(monday.message);
  });

  it('a finding from a catalog role names the role as data, so an inline grant and a role grant are told apart without reading text', async () => {
    const inline = await findingsOf('service-wildcard', { files: withStatement('actions: ["sqs:*"]\nresources: ["arn:aws:sqs:us-east-1:111122223333:orders"]') });
    const viaRole = await findingsOf('service-wildcard', catalogRole('queue-admin', '    - actions: ["sqs:*"]\n      resources: ["arn:aws:sqs:us-east-1:111122223333:orders"]'));
    expect(inline.map((f) => f.data.role)).toEqual([undefined]);
    expect(viaRole.map((f) => f.data.role)).toEqual(['queue-admin']);
    expect(viaRole.map((f) => f.messageId)).toEqual(inline.map((f) => f.messageId));
  });
});
