/** The pure desired state: what synth renders and reconcile compares with, checked field by field. */
import { describe, expect, it } from 'vitest';
import { identityChanges } from '../../src/core/desired/changes.js';
import { canonicalPolicyJson, describeProblem, desiredState, IAM_LIMITS, policySize, type DesiredProblem, type DesiredRole, type DesiredState } from '../../src/core/desired/index.js';
import type { Repository } from '../../src/core/model.js';
import { repositoryOf, TODAY, type IdentityInput } from './fixtures.js';

const PROD = '111122223333';
const EKS_ISSUER = 'oidc.eks.us-east-1.amazonaws.com/id/5C0F1E2D3B4A69788766554433221100';

async function stateOf(...inputs: IdentityInput[]): Promise<DesiredState> {
  return desiredState(await repositoryOf(...inputs), { today: TODAY, provenance: { commit: 'c0ffee', change: 'https://github.com/acme/gatehouse/pull/42' } });
}

/** A problem with its text rendered from the owning rule's template, as synth and lint print it. */
const withText = (problem: DesiredProblem) => ({ ...problem, message: describeProblem(problem) });

async function onlyRole(input: IdentityInput): Promise<DesiredRole> {
  const state = await stateOf(input);
  expect(state.problems).toEqual([]);
  const role = state.accounts[input.account ?? 'acme-prod']?.roles.find((r) => r.name === input.name);
  if (!role) throw new Error(`no role ${input.name}`);
  return role;
}

const s3Reader = { role: 's3-object-reader', params: { bucket: 'acme-invoices', prefix: 'invoices/' } };

describe('trust policy per workload kind', () => {
  it('GitHub Actions with an environment: the OIDC provider, the audience and the environment subject', async () => {
    const role = await onlyRole({ name: 'gh-env', workload: { githubActions: { repo: 'acme/web', environment: 'production' } } });
    expect(role.trustPolicy).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Federated: [`arn:aws:iam::${PROD}:oidc-provider/token.actions.githubusercontent.com`] },
          Action: ['sts:AssumeRoleWithWebIdentity'],
          Condition: {
            StringEquals: {
              'token.actions.githubusercontent.com:aud': ['sts.amazonaws.com'],
              'token.actions.githubusercontent.com:sub': ['repo:acme/web:environment:production'],
            },
          },
        },
      ],
    });
  });

  it('GitHub Actions with a ref pins the ref subject', async () => {
    const role = await onlyRole({ name: 'gh-ref', workload: { githubActions: { repo: 'acme/web', ref: 'refs/heads/main' } } });
    expect(role.trustPolicy.Statement[0]?.Condition?.StringEquals?.['token.actions.githubusercontent.com:sub']).toEqual(['repo:acme/web:ref:refs/heads/main']);
  });

  it('refuses GitHub Actions with both environment and ref: the ref could not be enforced', async () => {
    const state = await stateOf({ name: 'gh-both', workload: { githubActions: { repo: 'acme/web', environment: 'production', ref: 'refs/heads/main' } } });
    expect(state.problems.map(withText)).toEqual([expect.objectContaining({ ruleId: 'synth-constraints', messageId: 'github-environment-and-ref',  identity: 'gh-both', path: ['spec', 'workload', 'githubActions'], message: expect.stringContaining('either environment or ref') })]);
    expect(state.accounts['acme-prod']?.roles).toEqual([]);
  });

  it('EKS: the cluster OIDC provider from the account catalog, service account subject and audience', async () => {
    const role = await onlyRole({ name: 'eks-app', workload: { eks: { cluster: 'prod-main', namespace: 'payments', serviceAccount: 'api' } } });
    expect(role.trustPolicy.Statement).toEqual([
      {
        Effect: 'Allow',
        Principal: { Federated: [`arn:aws:iam::${PROD}:oidc-provider/${EKS_ISSUER}`] },
        Action: ['sts:AssumeRoleWithWebIdentity'],
        Condition: { StringEquals: { [`${EKS_ISSUER}:aud`]: ['sts.amazonaws.com'], [`${EKS_ISSUER}:sub`]: ['system:serviceaccount:payments:api'] } },
      },
    ]);
  });

  it('refuses an EKS cluster the account does not have: there is no OIDC provider to trust', async () => {
    const state = await stateOf({ name: 'eks-unknown', workload: { eks: { cluster: 'staging-main', namespace: 'a', serviceAccount: 'b' } } });
    expect(state.problems.map(withText)).toEqual([expect.objectContaining({ ruleId: 'eks-trust-pinned', messageId: 'unknown-cluster',  path: ['spec', 'workload', 'eks', 'cluster'], message: expect.stringContaining('"staging-main" is not an EKS cluster of account "acme-prod"') })]);
  });

  it('AWS service: the service principal, conditioned on the own account (confused deputy)', async () => {
    const role = await onlyRole({ name: 'svc', workload: { awsService: 'lambda.amazonaws.com' } });
    expect(role.trustPolicy.Statement).toEqual([
      { Effect: 'Allow', Principal: { Service: ['lambda.amazonaws.com'] }, Action: ['sts:AssumeRole'], Condition: { StringEquals: { 'aws:SourceAccount': [PROD] } } },
    ]);
  });

  it('EKS Pod Identity: sts:TagSession beside sts:AssumeRole, which EKS needs to tag the session with the pod', async () => {
    const role = await onlyRole({ name: 'pod', workload: { awsService: 'pods.eks.amazonaws.com' } });
    expect(role.trustPolicy.Statement).toEqual([
      { Effect: 'Allow', Principal: { Service: ['pods.eks.amazonaws.com'] }, Action: ['sts:AssumeRole', 'sts:TagSession'], Condition: { StringEquals: { 'aws:SourceAccount': [PROD] } } },
    ]);
  });

  it('cross-account: the other account root, conditioned on the external id', async () => {
    const role = await onlyRole({ name: 'vendor', workload: { crossAccount: { accountId: '444455556666', externalId: 'vendor-7f3a9c21' } } });
    expect(role.trustPolicy.Statement).toEqual([
      { Effect: 'Allow', Principal: { AWS: ['arn:aws:iam::444455556666:root'] }, Action: ['sts:AssumeRole'], Condition: { StringEquals: { 'sts:ExternalId': ['vendor-7f3a9c21'] } } },
    ]);
  });
});

describe('the role itself', () => {
  it('has the /gatehouse/ path, session duration, boundary, ARN and tags within IAM rules', async () => {
    const role = await onlyRole({ name: 'svc', ticket: 'PAY#12 ${x}', sessionHours: 4, workload: { awsService: 'lambda.amazonaws.com' } });
    expect(role).toMatchObject({
      type: 'role',
      path: '/gatehouse/',
      arn: `arn:aws:iam::${PROD}:role/gatehouse/svc`,
      maxSessionDurationSeconds: 14_400,
      permissionsBoundary: `arn:aws:iam::${PROD}:policy/gatehouse-workload-boundary`,
    });
    expect(role.tags).toEqual({
      'gatehouse:change': 'https://github.com/acme/gatehouse/pull/42',
      'gatehouse:classification': 'internal',
      'gatehouse:commit': 'c0ffee',
      'gatehouse:expires': '2027-03-31',
      'gatehouse:identity': 'svc',
      'gatehouse:owner': '@acme/payments',
      // "#", "$", "{" and "}" are not tag characters.
      'gatehouse:ticket': 'PAY_12 __x_',
    });
  });

  it('leaves out empty tags and takes provenance per identity when given a function', async () => {
    const repository = await repositoryOf({ name: 'a', workload: { awsService: 'lambda.amazonaws.com' } }, { name: 'b', workload: { awsService: 'lambda.amazonaws.com' } });
    const state = desiredState(repository, { today: TODAY, provenance: (identity) => (identity.doc.metadata.name === 'a' ? { commit: 'aaa' } : {}) });
    const [a, b] = state.accounts['acme-prod']?.roles ?? [];
    expect(a?.tags['gatehouse:commit']).toBe('aaa');
    expect(b?.tags).not.toHaveProperty('gatehouse:commit');
    expect(b?.tags).not.toHaveProperty('gatehouse:change');
    expect(b?.tags).not.toHaveProperty('gatehouse:ticket');
  });

  it('refuses a description IAM would reject, pointing at the field', async () => {
    const state = await stateOf({ name: 'emoji', description: 'Deploys 🚀 things', workload: { awsService: 'lambda.amazonaws.com' } });
    expect(state.problems.map(withText)).toEqual([expect.objectContaining({ ruleId: 'synth-constraints', messageId: 'description-characters',  path: ['metadata', 'description'], message: expect.stringContaining('U+1F680') })]);
  });
});

describe('permission policies', () => {
  it('renders catalog roles and ad-hoc statements, merging only where the union is exact', async () => {
    const role = await onlyRole({
      name: 'mixed',
      workload: { eks: { cluster: 'prod-main', namespace: 'payments', serviceAccount: 'api' } },
      grants: [
        s3Reader,
        { statement: { actions: ['sqs:SendMessage'], resources: [`arn:aws:sqs:us-east-1:${PROD}:events`] }, reason: 'publish' },
        { statement: { actions: ['sqs:GetQueueUrl'], resources: [`arn:aws:sqs:us-east-1:${PROD}:events`] }, reason: 'find the queue' },
        { statement: { actions: ['s3:GetObject'], resources: ['arn:aws:s3:::home/${aws:username}/*'] }, reason: 'own prefix' },
      ],
    });
    expect(role.managedPolicies).toEqual([]);
    expect(role.inlinePolicies).toHaveLength(1);
    expect(role.inlinePolicies[0]?.name).toBe('gatehouse-grants');
    expect(role.inlinePolicies[0]?.document.Statement).toEqual([
      // Same action, different resources: merged into one statement.
      { Sid: 'AdHoc', Effect: 'Allow', Action: ['sqs:GetQueueUrl', 'sqs:SendMessage'], Resource: [`arn:aws:sqs:us-east-1:${PROD}:events`] },
      { Sid: 'S3ObjectReader', Effect: 'Allow', Action: ['s3:ListBucket'], Resource: ['arn:aws:s3:::acme-invoices'], Condition: { StringLike: { 's3:prefix': ['invoices/*'] } } },
      // The catalog role and an ad-hoc grant of the same action: one statement, named after both.
      { Sid: 'S3ObjectReaderAdHoc', Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::acme-invoices/invoices/*', 'arn:aws:s3:::home/${aws:username}/*'] },
    ]);
  });

  it('never merges statements whose conditions differ', async () => {
    const role = await onlyRole({
      name: 'conditions',
      workload: { awsService: 'lambda.amazonaws.com' },
      grants: [
        { statement: { actions: ['s3:GetObject'], resources: ['arn:aws:s3:::a/*'], conditions: { Bool: { 'aws:SecureTransport': true } } }, reason: 'tls' },
        { statement: { actions: ['s3:PutObject'], resources: ['arn:aws:s3:::a/*'] }, reason: 'write' },
      ],
    });
    expect(role.inlinePolicies[0]?.document.Statement.map((s) => [s.Action, s.Condition])).toEqual([
      [['s3:GetObject'], { Bool: { 'aws:SecureTransport': ['true'] } }],
      [['s3:PutObject'], undefined],
    ]);
  });

  it('splits grants too large for an inline policy across managed policies that each fit', async () => {
    const grants = Array.from({ length: 60 }, (_, i) => ({
      statement: { actions: [`s3:GetObject`], resources: [`arn:aws:s3:::bucket-${i}-${'x'.repeat(150)}/*`], conditions: { StringEquals: { 'aws:ResourceTag/n': `${i}` } } },
      reason: 'many buckets',
    }));
    const role = await onlyRole({ name: 'large', workload: { awsService: 'lambda.amazonaws.com' }, grants });
    expect(role.inlinePolicies).toEqual([]);
    expect(role.managedPolicies.length).toBeGreaterThan(1);
    for (const [index, policy] of role.managedPolicies.entries()) {
      expect(policySize(policy.document)).toBeLessThanOrEqual(IAM_LIMITS.managedPolicyChars);
      expect(policy).toMatchObject({ name: `gatehouse-large-${index + 1}`, path: '/gatehouse/', arn: `arn:aws:iam::${PROD}:policy/gatehouse/gatehouse-large-${index + 1}` });
    }
    const resources = role.managedPolicies.flatMap((p) => p.document.Statement.flatMap((s) => s.Resource ?? []));
    expect(resources.sort()).toEqual(grants.map((g) => g.statement.resources[0]).sort());
  });

  it('fails with the reason when even ten managed policies cannot hold the grants', async () => {
    const grants = Array.from({ length: 400 }, (_, i) => ({
      statement: { actions: ['s3:GetObject'], resources: [`arn:aws:s3:::b${i}-${'y'.repeat(200)}/*`], conditions: { StringEquals: { 'aws:ResourceTag/n': `${i}` } } },
      reason: 'too many',
    }));
    const state = await stateOf({ name: 'huge', workload: { awsService: 'lambda.amazonaws.com' }, grants });
    expect(state.problems.map(withText)).toEqual([expect.objectContaining({ ruleId: 'synth-constraints', messageId: 'too-many-managed-policies',  path: ['spec', 'grants'], message: expect.stringMatching(/need \d+ managed policies .* at most 10 attached/) })]);
  });

  it('refuses a statement without resources rather than granting on everything', async () => {
    const state = await stateOf({ name: 'nores', workload: { awsService: 'lambda.amazonaws.com' }, grants: [{ statement: { actions: ['s3:ListAllMyBuckets'] }, reason: 'list' }] });
    expect(state.problems.map(withText)).toEqual([expect.objectContaining({ ruleId: 'synth-constraints', messageId: 'statement-without-resources',  path: ['spec', 'grants', 0], message: expect.stringContaining('names no resources') })]);
  });
});

describe('users, secrets and lifecycle', () => {
  it('an external workload is a user whose access key goes to a secret only it may read (the rotate job writes, never reads)', async () => {
    const state = await stateOf({ name: 'legacy', account: 'acme-dev', workload: { external: { system: 'reporting' } }, credentials: { accessKey: { rotateEvery: '30d' } }, grants: [s3Reader] });
    expect(state.problems).toEqual([]);
    const user = state.accounts['acme-dev']?.users[0];
    expect(user).toMatchObject({ type: 'user', name: 'legacy', arn: 'arn:aws:iam::333344445555:user/gatehouse/legacy', accessKeySecret: 'gatehouse/legacy/access-key' });
    expect(user).not.toHaveProperty('trustPolicy');
    const secret = user?.secrets.find((s) => s.holds === 'access-key');
    expect(secret?.resourcePolicy.Statement).toContainEqual({
      Sid: 'OthersDenied',
      Effect: 'Deny',
      Principal: '*',
      Action: ['secretsmanager:GetSecretValue'],
      Resource: ['*'],
      Condition: { ArnNotEquals: { 'aws:PrincipalArn': ['arn:aws:iam::333344445555:user/gatehouse/legacy'] } },
    });
    expect(secret?.rotation).toBeUndefined();
  });

  it('an owned secret rotates through the account function, readable by the role and the rotator only', async () => {
    const role = await onlyRole({ name: 'hook', workload: { awsService: 'lambda.amazonaws.com' }, secrets: [{ name: 'payments/hook-key', rotateEvery: '30d' }, { name: 'payments/fast', rotateEvery: '12h' }] });
    const [fast, hook] = role.secrets;
    expect(hook).toMatchObject({ name: 'payments/hook-key', holds: 'owned', recoveryWindowDays: 30, rotation: { lambdaArn: `arn:aws:lambda:us-east-1:${PROD}:function:gatehouse-secret-rotator`, automaticallyAfterDays: 30 } });
    expect(fast?.rotation).toEqual({ lambdaArn: `arn:aws:lambda:us-east-1:${PROD}:function:gatehouse-secret-rotator`, scheduleExpression: 'rate(12 hours)' });
    expect(hook?.resourcePolicy.Statement.find((s) => s.Effect === 'Deny')?.Condition).toEqual({
      ArnNotEquals: { 'aws:PrincipalArn': [`arn:aws:iam::${PROD}:role/gatehouse-secret-rotator`, `arn:aws:iam::${PROD}:role/gatehouse/hook`] },
    });
  });

  it('notes a secret that cannot rotate when the account names no rotation function', async () => {
    const repository = await repositoryOf({ name: 'hook', workload: { awsService: 'lambda.amazonaws.com' }, secrets: [{ name: 'payments/hook-key', rotateEvery: '30d' }] });
    const { secretRotationLambda: _, ...prod } = repository.catalog.accounts['acme-prod'] as NonNullable<Repository['catalog']['accounts'][string]>;
    const state = desiredState({ ...repository, catalog: { ...repository.catalog, accounts: { ...repository.catalog.accounts, 'acme-prod': prod } } }, { today: TODAY });
    expect(state.problems).toEqual([]);
    expect(state.notes).toEqual([expect.objectContaining({ identity: 'hook', message: expect.stringContaining('will not rotate') })]);
    expect(state.accounts['acme-prod']?.roles[0]?.secrets[0]?.rotation).toBeUndefined();
  });

  it('problemsOnly (what lint asks for) reports exactly the problems of the whole state, collisions included, and keeps no identity', async () => {
    const repository = await repositoryOf(
      { name: 'one', workload: { awsService: 'lambda.amazonaws.com' }, secrets: [{ name: 'shared/key', rotateEvery: '30d' }, { name: 'own/key' }, { name: 'own/key' }] },
      { name: 'two', workload: { awsService: 'lambda.amazonaws.com' }, secrets: [{ name: 'shared/key', rotateEvery: '30d' }] },
      { name: 'one', workload: { awsService: 'ecs-tasks.amazonaws.com' } },
      { name: 'ok', workload: { awsService: 'lambda.amazonaws.com' } },
    );
    const whole = desiredState(repository, { today: TODAY });
    const lean = desiredState(repository, { today: TODAY, problemsOnly: true });
    expect(whole.problems.map((p) => p.messageId)).toEqual(expect.arrayContaining(['secret-claimed-by-another', 'secret-declared-twice', 'name-taken']));
    expect(lean.problems).toEqual(whole.problems);
    expect(Object.values(lean.accounts).flatMap((a) => [...a.roles, ...a.users])).toEqual([]);
    expect(Object.values(whole.accounts).flatMap((a) => a.roles).length).toBeGreaterThan(0);
  });

  it('refuses two identities claiming one secret in an account', async () => {
    const state = await stateOf(
      { name: 'one', workload: { awsService: 'lambda.amazonaws.com' }, secrets: [{ name: 'shared/key', rotateEvery: '30d' }] },
      { name: 'two', workload: { awsService: 'lambda.amazonaws.com' }, secrets: [{ name: 'shared/key', rotateEvery: '30d' }] },
    );
    expect(state.problems.map(withText)).toEqual([expect.objectContaining({ ruleId: 'synth-constraints', messageId: 'secret-claimed-by-another',  identity: 'two', message: expect.stringContaining('also by one') })]);
  });

  it('omits an expired identity with the reason, keeps one that expires today, and keeps every account', async () => {
    const state = await stateOf(
      { name: 'old', expires: '2026-11-24', workload: { awsService: 'lambda.amazonaws.com' }, secrets: [{ name: 'old/key', rotateEvery: '30d' }] },
      { name: 'last-day', expires: TODAY, workload: { awsService: 'lambda.amazonaws.com' } },
    );
    expect(state.omitted).toEqual([{ identity: 'old', file: 'identities/payments/old.yaml', account: 'acme-prod', reason: 'expired on 2026-11-24: its role and secret are destroyed on the next apply' }]);
    expect(state.accounts['acme-prod']?.roles.map((r) => r.name)).toEqual(['last-day']);
    expect(Object.keys(state.accounts)).toEqual(['acme-dev', 'acme-prod', 'acme-staging']);
    expect(state.accounts['acme-dev']).toMatchObject({ roles: [], users: [], account: { stateBackend: { bucket: 'acme-gatehouse-tfstate-dev', key: 'gatehouse/acme-dev.tfstate', region: 'eu-west-1' } } });
  });
});

describe('canonical documents and changes', () => {
  it('compares a document however it is written: strings or lists, any key and statement order', () => {
    const ours = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: ['arn:aws:s3:::a/*'] }, { Effect: 'Deny', Action: ['s3:DeleteObject'], Resource: ['*'] }] };
    const live = { Statement: [{ Resource: '*', Action: 's3:DeleteObject', Effect: 'Deny' }, { Resource: 'arn:aws:s3:::a/*', Effect: 'Allow', Action: ['s3:PutObject', 's3:GetObject', 's3:GetObject'] }], Version: '2012-10-17' };
    expect(canonicalPolicyJson(live)).toBe(canonicalPolicyJson(ours));
    expect(canonicalPolicyJson({ ...live, Statement: [live.Statement[1]] })).not.toBe(canonicalPolicyJson(ours));
  });

  it('calls a removed and an added role with the same trust a rename, and lists plain removals', async () => {
    const state = await stateOf({ name: 'ledger-v2', workload: { eks: { cluster: 'prod-main', namespace: 'payments', serviceAccount: 'ledger' } } });
    const before = await stateOf(
      { name: 'ledger', workload: { eks: { cluster: 'prod-main', namespace: 'payments', serviceAccount: 'ledger' } } },
      { name: 'gone', workload: { awsService: 'lambda.amazonaws.com' } },
    );
    const previous = (before.accounts['acme-prod']?.roles ?? []).map((r) => ({ account: 'acme-prod', type: 'role' as const, name: r.name, trustPolicy: JSON.parse(JSON.stringify(r.trustPolicy)) }));
    expect(identityChanges(previous, state)).toEqual({
      renamed: [{ account: 'acme-prod', type: 'role', from: 'ledger', to: 'ledger-v2' }],
      removed: [{ account: 'acme-prod', type: 'role', name: 'gone' }],
      added: [],
    });
  });
});

describe('IAM rules for the fixed parts', () => {
  it('the /gatehouse/ path and every Gatehouse tag key are valid IAM', async () => {
    const { iamPathProblem, tagKeyProblem } = await import('../../src/core/desired/iam-limits.js');
    const { GATEHOUSE_PATH, TAG, MANAGED_BY_TAG } = await import('../../src/core/desired/index.js');
    expect(iamPathProblem(GATEHOUSE_PATH)).toBeUndefined();
    for (const key of [...Object.values(TAG), MANAGED_BY_TAG.key]) expect(tagKeyProblem(key)).toBeUndefined();
    expect(tagKeyProblem('aws:owner')?.messageId).toBe('tag-key-reserved');
    expect(iamPathProblem('gatehouse')?.messageId).toBe('path-format');
  });
});
