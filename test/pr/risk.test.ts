import { afterAll, describe, expect, it } from 'vitest';
import { diffRepositories } from '../../src/core/diff/access-diff.js';
import { assessPullRequest } from '../../src/core/risk/pull-request.js';
import { assessChange, riskierEnvironment } from '../../src/core/risk/score.js';
import { removeRepos } from '../support/repo-fixture.js';
import { expander, identityPath, identityYaml, loadFiles, sideOf, TODAY, type IdentityFields } from './support/fixtures.js';

afterAll(removeRepos);

const statement = (actions: string[], resources: string[]) => ({ statement: { actions, resources }, reason: 'test' });
const writer = { role: 's3-object-writer', params: { bucket: 'acme-test-bucket', prefix: 'out/' } };

interface RiskCase {
  identity: IdentityFields;
  tier: 'low' | 'medium' | 'high' | 'critical';
  score: number;
  /** `factor:points` of every reason, in order. */
  reasons: string[];
}

// The examples the README's risk table is checked against.
const CASES: RiskCase[] = [
  { identity: { name: 'quiet-reader' }, tier: 'low', score: 5, reasons: ['environment:5'] },
  {
    identity: { name: 'prod-writer', account: 'acme-prod', dataClassification: 'confidential', grants: [writer] },
    tier: 'medium',
    score: 55,
    reasons: ['environment:25', 'data:15', 'access:15'],
  },
  {
    identity: { name: 'prod-restricted-writer', account: 'acme-prod', dataClassification: 'restricted', grants: [writer] },
    tier: 'high',
    score: 65,
    reasons: ['environment:25', 'data:25', 'access:15'],
  },
  {
    identity: { name: 'sandbox-admin', grants: [statement(['*'], ['*'])] },
    tier: 'critical',
    score: 85,
    reasons: ['environment:5', 'access:30', 'wildcard:40', 'wildcard:10'],
  },
  {
    identity: { name: 'vendor', account: 'acme-staging', dataClassification: 'internal', workload: { crossAccount: { accountId: '444455556666' } } },
    tier: 'medium',
    score: 45,
    reasons: ['environment:10', 'data:5', 'trust:20', 'trust:10'],
  },
  {
    identity: {
      name: 'legacy-uploader',
      account: 'acme-prod',
      dataClassification: 'internal',
      workload: { external: { system: 'on-prem' } },
      credentials: { accessKey: { rotateEvery: '30d' } },
      grants: [writer],
    },
    tier: 'high',
    score: 70,
    reasons: ['environment:25', 'data:5', 'access:15', 'static-credentials:25'],
  },
  {
    identity: { name: 'forever-ci', workload: { githubActions: { repo: 'acme/app' } }, expires: null, sessionHours: 8 },
    tier: 'medium',
    score: 35,
    reasons: ['environment:5', 'trust:10', 'lifetime:15', 'lifetime:5'],
  },
  {
    identity: { name: 'long-lived', account: 'acme-prod', dataClassification: 'internal', expires: '2028-06-01' },
    tier: 'medium',
    score: 40,
    reasons: ['environment:25', 'data:5', 'lifetime:10'],
  },
  {
    identity: { name: 'bucket-owner', grants: [statement(['s3:*'], ['arn:aws:s3:::acme-test-bucket'])] },
    tier: 'medium',
    score: 50,
    reasons: ['environment:5', 'access:30', 'wildcard:15'],
  },
  {
    identity: { name: 'prod-policy-editor', account: 'acme-prod', grants: [statement(['iam:PutRolePolicy'], ['arn:aws:iam::111122223333:role/app-*'])] },
    tier: 'high',
    score: 55,
    reasons: ['environment:25', 'access:30'],
  },
];

async function addedChange(fields: IdentityFields) {
  const [before, after] = await Promise.all([loadFiles({}), loadFiles({ [identityPath(fields)]: identityYaml(fields) })]);
  const diff = diffRepositories(sideOf(before), sideOf(after), expander);
  expect(diff.identities).toHaveLength(1);
  return diff.identities[0]!;
}

describe('risk of an identity', () => {
  it.each(CASES)('$identity.name is $tier ($score)', async ({ identity, tier, score, reasons }) => {
    const risk = assessChange(await addedChange(identity), TODAY);
    expect(risk.reasons.map((reason) => `${reason.factor}:${reason.points}`)).toEqual(reasons);
    expect({ tier: risk.tier, score: risk.score }).toEqual({ tier, score });
    expect(risk.reasons.every((reason) => reason.detail.length > 0)).toBe(true);
  });

  it('explains a floor: full administrator is critical whatever the score', async () => {
    const risk = assessChange(await addedChange({ name: 'tiny-admin', grants: [statement(['*'], ['*'])] }), TODAY);
    expect(risk.reasons.find((reason) => reason.floor === 'critical')?.detail).toBe('every action ("*" or NotAction): full administrator, critical');
  });
});

describe('risk of a change', () => {
  it('scores a removal low: destroying access is not a grant of access', async () => {
    const base = await loadFiles({ 'identities/payments/admin.yaml': identityYaml({ name: 'admin', account: 'acme-prod', grants: [statement(['*'], ['*'])] }) });
    const head = await loadFiles({});
    const [removed] = diffRepositories(sideOf(base), sideOf(head), expander).identities;
    expect(assessChange(removed!, TODAY)).toEqual({ score: 0, tier: 'low', reasons: [{ factor: 'change', points: 0, detail: 'removes the identity: its access and credentials are destroyed' }] });
  });

  it('caps at low a change that only narrows access, and scores in full one that widens it', async () => {
    const fields = { name: 'admin', account: 'acme-prod', grants: [statement(['*'], ['*']), writer] };
    const path = identityPath(fields);
    const base = await loadFiles({ [path]: identityYaml(fields) });
    const narrowed = await loadFiles({ [path]: identityYaml({ ...fields, grants: [statement(['*'], ['*'])], description: 'narrower' }) });
    const [narrowing] = diffRepositories(sideOf(base), sideOf(narrowed), expander).identities;
    const capped = assessChange(narrowing!, TODAY);
    expect(capped.tier).toBe('low');
    expect(capped.reasons.at(-1)).toEqual({ factor: 'change', points: 0, detail: 'only narrows access or edits descriptive fields: tier capped at low', cap: 'low' });

    const widened = await loadFiles({ [path]: identityYaml({ ...fields, grants: [...fields.grants, { role: 'sqs-sender', params: { queue: 'jobs' } }] }) });
    const [widening] = diffRepositories(sideOf(base), sideOf(widened), expander).identities;
    expect(assessChange(widening!, TODAY).tier).toBe('critical');
  });

  it('does not cap a change that extends the expiry', async () => {
    const fields = { name: 'ci', account: 'acme-prod', dataClassification: 'restricted' as const, grants: [writer] };
    const base = await loadFiles({ [identityPath(fields)]: identityYaml(fields) });
    const head = await loadFiles({ [identityPath(fields)]: identityYaml({ ...fields, expires: '2027-10-01' }) });
    const [extended] = diffRepositories(sideOf(base), sideOf(head), expander).identities;
    expect(assessChange(extended!, TODAY).tier).toBe('high');
  });

  it('takes the riskier environment when a pull request relabels an account', () => {
    expect(riskierEnvironment('sandbox', 'prod')).toBe('prod');
    expect(riskierEnvironment('prod', 'dev')).toBe('prod');
    expect(riskierEnvironment(undefined, 'staging')).toBe('staging');
  });
});

describe('risk of a pull request', () => {
  it('is the riskiest change, with the identities that drive it', () => {
    const risk = (tier: 'low' | 'high', score: number) => ({ tier, score, reasons: [] });
    expect(
      assessPullRequest([
        { name: 'a', risk: risk('low', 20) },
        { name: 'b', risk: risk('high', 65) },
        { name: 'c', risk: risk('high', 70) },
      ]),
    ).toEqual({ tier: 'high', score: 70, drivers: [{ name: 'c', tier: 'high', score: 70 }, { name: 'b', tier: 'high', score: 65 }] });
    expect(assessPullRequest([])).toEqual({ tier: 'low', score: 0, drivers: [] });
  });
});
