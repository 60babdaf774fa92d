/**
 * IAM Roles Anywhere for workloads outside AWS: a role that only the account's trust anchor may
 * vend, only for the declared certificate subject, and a profile naming that role alone. The
 * trust decisions are taken by @cloud-copilot/iam-simulate.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrapAccount, describeProblem, desiredState, type DesiredRole } from '../../src/core/desired/index.js';
import { mapTrustPolicy } from '../../src/core/lifecycle/trust-mapping.js';
import { unescapeTemplate } from '../../stacks/terraform-escape.js';
import { runCli, STACK_FRAME } from '../cli/run-cli.js';
import { makeRepo, readExample, removeRepos } from '../support/repo-fixture.js';
import { exampleCatalog, identityFile, readStacks, repositoryOf, TODAY, type IdentityInput } from './fixtures.js';
import { decide } from './simulate.js';

const DEV = '333344445555';
const ANCHOR = `arn:aws:rolesanywhere:eu-west-1:${DEV}:trust-anchor/4f1c2b7e-9a3d-4e5f-8b6a-0c1d2e3f4a5b`;
const OTHER_ANCHOR = `arn:aws:rolesanywhere:eu-west-1:${DEV}:trust-anchor/0b9e8d7c-6a5f-4e3d-2c1b-0a9f8e7d6c5b`;
const CN = 'reporting.acme.example';
const ROLE_ARN = `arn:aws:iam::${DEV}:role/gatehouse/reporting-sync`;

const reporting: IdentityInput = {
  name: 'reporting-sync',
  account: 'acme-dev',
  workload: { external: { system: 'legacy-reporting', certificate: { subjectCN: CN } } },
  grants: [{ role: 's3-object-writer', params: { bucket: 'acme-lake-dev', prefix: 'legacy-exports/' } }],
  sessionHours: 2,
};

async function roleOf(input: IdentityInput): Promise<DesiredRole> {
  const state = desiredState(await repositoryOf(input), { today: TODAY });
  expect(state.problems).toEqual([]);
  const role = state.accounts[input.account ?? 'acme-prod']?.roles.find((candidate) => candidate.name === input.name);
  if (!role) throw new Error(`no role ${input.name}`);
  return role;
}

/** Roles Anywhere asking STS for a session of the role, for a certificate with this subject CN under this anchor. */
const vend = (role: DesiredRole, action: string, context: Record<string, string>) =>
  decide({ principal: 'rolesanywhere.amazonaws.com', action, resource: role.arn, accountId: DEV, context: { 'aws:SourceAccount': DEV, ...context }, resourcePolicy: role.trustPolicy });

describe('desired state', () => {
  it('a certificate workload is a role with a profile, and has no user, key or access-key secret', async () => {
    const state = desiredState(await repositoryOf(reporting), { today: TODAY });
    expect(state.problems).toEqual([]);
    const account = state.accounts['acme-dev']!;
    expect(account.users).toEqual([]);
    const role = account.roles.find((candidate) => candidate.name === 'reporting-sync')!;
    expect(role).toMatchObject({ type: 'role', workload: 'external', arn: ROLE_ARN, maxSessionDurationSeconds: 7200 });
    expect(role.rolesAnywhereProfile).toEqual({ name: 'reporting-sync', trustAnchorArn: ANCHOR, durationSeconds: 7200 });
    expect(role.secrets).toEqual([]);
    expect(role.trustPolicy.Statement).toEqual([
      {
        Effect: 'Allow',
        Principal: { Service: ['rolesanywhere.amazonaws.com'] },
        Action: ['sts:AssumeRole', 'sts:SetSourceIdentity', 'sts:TagSession'],
        Condition: { ArnEquals: { 'aws:SourceArn': [ANCHOR] }, StringEquals: { 'aws:PrincipalTag/x509Subject/CN': [CN] } },
      },
    ]);
  });

  it('refuses a certificate workload in an account without a trust anchor, at the certificate', async () => {
    const state = desiredState(await repositoryOf({ ...reporting, account: 'acme-prod' }), { today: TODAY });
    expect(state.problems.map((p) => ({ ...p, message: describeProblem(p) }))).toEqual([
      expect.objectContaining({ ruleId: 'synth-constraints', messageId: 'no-trust-anchor', data: { account: 'acme-prod' }, path: ['spec', 'workload', 'external', 'certificate'], message: expect.stringMatching(/^account "acme-prod" has no Roles Anywhere trust anchor in catalog\/accounts\.yaml: declare rolesAnywhere\.trustAnchorArn/) }),
    ]);
    expect(state.accounts['acme-prod']?.roles.some((role) => role.name === 'reporting-sync')).toBe(false);
  });
});

describe('trust, decided by iam-simulate', () => {
  it('lets Roles Anywhere vend a session for the declared subject under the account anchor: AssumeRole, TagSession, SetSourceIdentity', async () => {
    const role = await roleOf(reporting);
    const context = { 'aws:PrincipalTag/x509Subject/CN': CN, 'aws:SourceArn': ANCHOR };
    for (const action of ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity']) expect(await vend(role, action, context), action).toBe('Allowed');
  });

  it('abuse: another certificate of the same CA is refused', async () => {
    const role = await roleOf(reporting);
    expect(await vend(role, 'sts:AssumeRole', { 'aws:PrincipalTag/x509Subject/CN': 'laptop-of-mallory', 'aws:SourceArn': ANCHOR })).toBe('ImplicitlyDenied');
    // A CN that merely contains the declared one is not it.
    expect(await vend(role, 'sts:AssumeRole', { 'aws:PrincipalTag/x509Subject/CN': `${CN}.evil.example`, 'aws:SourceArn': ANCHOR })).toBe('ImplicitlyDenied');
  });

  it('abuse: the right subject from another trust anchor (a CA someone else registered) is refused', async () => {
    const role = await roleOf(reporting);
    expect(await vend(role, 'sts:AssumeRole', { 'aws:PrincipalTag/x509Subject/CN': CN, 'aws:SourceArn': OTHER_ANCHOR })).toBe('ImplicitlyDenied');
    expect(await vend(role, 'sts:AssumeRole', { 'aws:PrincipalTag/x509Subject/CN': CN })).toBe('ImplicitlyDenied');
  });

  it('abuse: no other principal may assume the role, not even the account itself', async () => {
    const role = await roleOf(reporting);
    const decision = await decide({ principal: `arn:aws:iam::${DEV}:role/someone`, action: 'sts:AssumeRole', resource: role.arn, accountId: DEV, resourcePolicy: role.trustPolicy, identityPolicies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['sts:AssumeRole'], Resource: ['*'] }] }] });
    expect(decision).toBe('ImplicitlyDenied');
  });
});

describe('abuse: a certificate pin that would accept any certificate is refused with file:line', () => {
  const cases: [string, string][] = [
    ['a wildcard subject', '*'],
    ['a pattern subject', 'reporting-*'],
    ['a policy variable that always equals the presented subject', '${aws:PrincipalTag/x509Subject/CN}'],
    ['an empty subject', ''],
  ];
  it.each(cases)('%s', async (_name, subjectCN) => {
    const root = await makeRepo(identityFile({ ...reporting, workload: { external: { system: 'legacy-reporting', certificate: { subjectCN } } } }, 'data'), { examples: true });
    const run = await runCli(['validate', '--root', root, '--today', TODAY]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^identities\/data\/reporting-sync\.yaml:\d+:\d+ error schema-invalid "spec\.workload\.external\.certificate\.subjectCN": /m);
    expect(run.stdout + run.stderr).not.toMatch(STACK_FRAME);
    const out = join(await mkdtemp(join(tmpdir(), 'gatehouse-ra-')), 'out');
    const synth = await runCli(['synth', '--root', root, '--out', out, '--today', TODAY]);
    expect(synth.code).toBe(1);
  });
  afterAll(removeRepos);
});

describe('synthesized Terraform', () => {
  let stacks: Record<string, { resource?: Record<string, Record<string, Record<string, unknown>>> }>;
  beforeAll(async () => {
    const root = await makeRepo(identityFile(reporting, 'data'), { examples: true });
    const out = join(await mkdtemp(join(tmpdir(), 'gatehouse-ra-')), 'out');
    const run = await runCli(['synth', '--root', root, '--out', out, '--today', TODAY, '--commit', 'c0ffee1']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    stacks = await readStacks(out);
  });
  afterAll(removeRepos);

  it('a role with the pinned trust and a profile that names only that role', () => {
    const resources = stacks['acme-dev']?.resource ?? {};
    const role = resources.aws_iam_role?.['reporting-sync'];
    expect(JSON.parse(unescapeTemplate(String(role?.assume_role_policy))).Statement[0].Condition).toEqual({ ArnEquals: { 'aws:SourceArn': [ANCHOR] }, StringEquals: { 'aws:PrincipalTag/x509Subject/CN': [CN] } });
    expect(resources.aws_rolesanywhere_profile?.['reporting-sync']).toMatchObject({
      name: 'reporting-sync',
      role_arns: ['${aws_iam_role.reporting-sync.arn}'],
      duration_seconds: 7200,
      enabled: true,
      tags: expect.objectContaining({ 'gatehouse:identity': 'reporting-sync' }),
    });
    expect(resources.aws_iam_user?.['reporting-sync']).toBeUndefined();
    expect(resources.aws_iam_access_key).toBeUndefined();
  });
});

describe('a trust anchor made by the bootstrap', () => {
  const PCA = 'arn:aws:acm-pca:us-east-1:111122223333:certificate-authority/11111111-2222-3333-4444-555555555555';
  let root: string;
  beforeAll(async () => {
    const catalog = (await readExample('catalog/accounts.yaml')).replace(
      '    secretRotationLambda: arn:aws:lambda:us-east-1:111122223333:function:gatehouse-secret-rotator\n',
      `    secretRotationLambda: arn:aws:lambda:us-east-1:111122223333:function:gatehouse-secret-rotator\n    rolesAnywhere: { source: { acmPcaArn: ${PCA} } }\n`,
    );
    root = await makeRepo({ 'catalog/accounts.yaml': catalog, ...identityFile({ ...reporting, account: 'acme-prod' }, 'data') }, { examples: true });
  });
  afterAll(removeRepos);

  it('comes from the account source, with its ARN as an output for accounts.yaml', async () => {
    const out = join(await mkdtemp(join(tmpdir(), 'gatehouse-ra-')), 'out');
    const run = await runCli(['synth', '--bootstrap', '--github-repo', 'acme/gatehouse', '--root', root, '--out', out]);
    expect(run.code).toBe(0);
    const stack = JSON.parse(await readFile(join(out, 'stacks/bootstrap-acme-prod/cdk.tf.json'), 'utf8')) as { resource: Record<string, Record<string, unknown>>; output: Record<string, { value: string }> };
    expect(stack.resource.aws_rolesanywhere_trust_anchor?.['trust-anchor']).toMatchObject({ enabled: true, source: { source_type: 'AWS_ACM_PCA', source_data: { acm_pca_arn: PCA } } });
    expect(stack.output.trust_anchor_arn?.value).toBe('${aws_rolesanywhere_trust_anchor.trust-anchor.arn}');
  });

  it('until its ARN is in accounts.yaml, synth refuses the certificate workloads of the account and says how to finish', async () => {
    const out = join(await mkdtemp(join(tmpdir(), 'gatehouse-ra-')), 'out');
    const run = await runCli(['synth', '--root', root, '--out', out, '--today', TODAY]);
    expect(run.code).toBe(1);
    expect(run.stdout + run.stderr).toMatch(/identities\/data\/reporting-sync\.yaml:\d+:\d+.*apply the account bootstrap, which creates it, and set rolesAnywhere\.trustAnchorArn to its trust_anchor_arn output/);
  });
});

describe('the deploy role and the profiles, decided by iam-simulate', () => {
  const PROFILE = `arn:aws:rolesanywhere:eu-west-1:${DEV}:profile/6f5e4d3c-2b1a-4098-8776-655443322110`;
  const deployAsks = async (action: string, resource: string, context: Record<string, string | string[]>) => {
    const catalog = await exampleCatalog();
    const { deployRole } = bootstrapAccount('acme-dev', catalog.accounts['acme-dev']!, { repository: 'acme/gatehouse' });
    return decide({ principal: `arn:aws:sts::${DEV}:assumed-role/gatehouse-deploy/gatehouse-apply`, action, resource, accountId: DEV, identityPolicies: [deployRole.policy], context });
  };

  it('creates and manages profiles tagged as Gatehouse’s', async () => {
    expect(await deployAsks('rolesanywhere:CreateProfile', '*', { 'aws:RequestTag/gatehouse:managed-by': 'gatehouse', 'aws:TagKeys': ['gatehouse:managed-by'] })).toBe('Allowed');
    expect(await deployAsks('rolesanywhere:UpdateProfile', PROFILE, { 'aws:ResourceTag/gatehouse:managed-by': 'gatehouse' })).toBe('Allowed');
  });

  it('abuse: never a profile that is not Gatehouse’s, nor a trust anchor', async () => {
    expect(await deployAsks('rolesanywhere:CreateProfile', '*', {})).toBe('ImplicitlyDenied');
    expect(await deployAsks('rolesanywhere:DeleteProfile', PROFILE, { 'aws:ResourceTag/gatehouse:managed-by': 'someone-else' })).toBe('ImplicitlyDenied');
    expect(await deployAsks('rolesanywhere:UpdateTrustAnchor', ANCHOR, { 'aws:ResourceTag/gatehouse:managed-by': 'gatehouse' })).toBe('ImplicitlyDenied');
  });
});

describe('abuse: Roles Anywhere as a plain AWS service workload', () => {
  it('is refused: its trust would admit any certificate of any trust anchor in the account', async () => {
    const input: IdentityInput = { ...reporting, workload: { awsService: 'rolesanywhere.amazonaws.com' } };
    const state = desiredState(await repositoryOf(input), { today: TODAY });
    expect(state.problems.map((p) => ({ ...p, message: describeProblem(p) }))).toEqual([expect.objectContaining({ ruleId: 'synth-constraints', messageId: 'roles-anywhere-as-service', path: ['spec', 'workload', 'awsService'], message: expect.stringMatching(/^rolesanywhere\.amazonaws\.com is not an AWS service workload: declare external: \{ system, certificate: \{ subjectCN \} \}/) })]);
    expect(state.accounts['acme-dev']?.roles.some((role) => role.name === 'reporting-sync')).toBe(false);
  });

  it('would otherwise be the unpinned trust iam-simulate lets any certificate through', async () => {
    // What awsService would have rendered: the service principal conditioned on the account only.
    const unpinned = { Version: '2012-10-17' as const, Statement: [{ Effect: 'Allow' as const, Principal: { Service: ['rolesanywhere.amazonaws.com'] }, Action: ['sts:AssumeRole'], Condition: { StringEquals: { 'aws:SourceAccount': [DEV] } } }] };
    const decision = await decide({ principal: 'rolesanywhere.amazonaws.com', action: 'sts:AssumeRole', resource: ROLE_ARN, accountId: DEV, resourcePolicy: unpinned, context: { 'aws:SourceAccount': DEV, 'aws:PrincipalTag/x509Subject/CN': 'laptop-of-mallory', 'aws:SourceArn': OTHER_ANCHOR } });
    expect(decision).toBe('Allowed');
  });
});

describe('import of a live Roles Anywhere role', () => {
  it('reads the trust back as a certificate workload with its subject', async () => {
    const role = await roleOf(reporting);
    const mapped = mapTrustPolicy(role.trustPolicy as unknown as Parameters<typeof mapTrustPolicy>[0], undefined);
    expect(mapped.workload).toEqual({ external: { system: 'imported', certificate: { subjectCN: CN } } });
  });

  it('abuse: an unpinned live trust is never imported as a service workload that would keep admitting any certificate', () => {
    const unpinned = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'rolesanywhere.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession'] }] };
    const mapped = mapTrustPolicy(unpinned, undefined);
    expect(mapped.workload).toEqual({ external: { system: 'imported', certificate: { subjectCN: 'set-the-certificate-subject' } } });
    expect(mapped.notes).toContain('the live trust does not pin one certificate subject, so any certificate of the trust anchor may assume it: set certificate.subjectCN to the subject of the one workload');
  });
});
