import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileSystemSource } from '../../src/adapters/fs-file-source.js';
import { IamDataCatalog } from '../../src/adapters/iam-data-catalog.js';
import { checkRepository } from '../../src/app/lint.js';
import { canonicalPolicyJson, desiredState, type IamPolicyDocument } from '../../src/core/desired/index.js';
import { makeRepo, removeRepos } from '../support/repo-fixture.js';
import { IamTestServer, type RunningServer } from '../support/iam-server.js';
import { grantsOf, loadExample } from './applied-state.js';
import { runCli } from './cli.js';

const TODAY = '2026-11-25';
const PROD = '111122223333';
const EKS_ISSUER = 'oidc.eks.us-east-1.amazonaws.com/id/5C0F1E2D3B4A69788766554433221100';
let root: string;
let server: IamTestServer;
let running: RunningServer;

beforeEach(async () => {
  root = await makeRepo({}, { examples: true });
  server = new IamTestServer({ accountId: PROD });
  running = await server.start();
});
afterEach(() => running.close());
afterAll(removeRepos);

const importRole = (role: string, ...extra: string[]) =>
  runCli(['import', '--account', 'acme-prod', '--role', role, '--root', root, '--today', TODAY, '--endpoint', running.endpoint, ...extra], { cwd: root });

const statement = (fields: object) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', ...fields }] });

/** The trust policies synth writes, seeded as a console user might have created them by hand. */
const TRUSTS = {
  githubActions: statement({
    Principal: { Federated: `arn:aws:iam::${PROD}:oidc-provider/token.actions.githubusercontent.com` },
    Action: 'sts:AssumeRoleWithWebIdentity',
    Condition: { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com', 'token.actions.githubusercontent.com:sub': 'repo:acme/shop:environment:production' } },
  }),
  eks: statement({
    Principal: { Federated: `arn:aws:iam::${PROD}:oidc-provider/${EKS_ISSUER}` },
    Action: 'sts:AssumeRoleWithWebIdentity',
    Condition: { StringEquals: { [`${EKS_ISSUER}:aud`]: 'sts.amazonaws.com', [`${EKS_ISSUER}:sub`]: 'system:serviceaccount:shop:cart' } },
  }),
  awsService: statement({ Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': PROD } } }),
  crossAccount: statement({ Principal: { AWS: 'arn:aws:iam::444455556666:root' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'vendor-42' } } }),
} as const;

const EXPECTED_WORKLOAD = {
  githubActions: { githubActions: { repo: 'acme/shop', environment: 'production' } },
  eks: { eks: { cluster: 'prod-main', namespace: 'shop', serviceAccount: 'cart' } },
  awsService: { awsService: 'lambda.amazonaws.com' },
  crossAccount: { crossAccount: { accountId: '444455556666', externalId: 'vendor-42' } },
} as const;

describe('gatehouse import: a live role becomes an identity file that loads, lints and synthesizes to the same role', () => {
  for (const kind of Object.keys(TRUSTS) as (keyof typeof TRUSTS)[]) {
    it(`round-trips a ${kind} role`, async () => {
      const inline = {
        Version: '2012-10-17',
        Statement: [
          { Sid: 'Read', Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: ['arn:aws:s3:::acme-shop', 'arn:aws:s3:::acme-shop/*'] },
          { Effect: 'Deny', Action: 's3:DeleteObject', Resource: '*' },
        ],
      };
      const queue = statement({ Action: 'sqs:SendMessage', Resource: `arn:aws:sqs:us-east-1:${PROD}:orders`, Condition: { Bool: { 'aws:SecureTransport': 'true' } } });
      const managed = server.addManagedPolicy({ name: 'shop-queue', document: queue });
      server.addRole({ name: 'shop-worker', trustPolicy: TRUSTS[kind], inlinePolicies: { grants: inline }, attachedPolicies: [managed], maxSessionDuration: 7200 });

      const run = await importRole('shop-worker');

      expect(run.stderr).not.toMatch(/internal error/);
      expect(run.code).toBe(0);
      const file = 'identities/imported/shop-worker.yaml';
      const text = await readFile(join(root, file), 'utf8');
      expect(text).toMatch(/^# yaml-language-server: \$schema=\.\.\/\.\.\/schema\/identity\.schema\.json\n/);
      expect(text).toContain('reason: imported');

      // It loads and lints: findings are expected (no owner yet), schema errors are not.
      const checked = await checkRepository(fileSystemSource(root), { today: TODAY, catalog: new IamDataCatalog(), mode: 'lint' });
      const mine = checked.findings.filter((finding) => finding.file === file);
      expect(mine.filter((finding) => finding.category === 'schema' && finding.severity === 'error')).toEqual([]);
      expect(mine.map((finding) => finding.ruleId)).toContain('owner-required');

      const repository = await loadExample(root);
      const identity = repository.identities.find((candidate) => candidate.file === file)!;
      expect(identity.doc.spec.workload).toEqual(EXPECTED_WORKLOAD[kind]);
      expect(identity.doc.spec.sessionHours).toBe(2);
      expect(identity.doc.spec.expires).toBe('2027-02-23');

      // Synthesized, it is the live role again: the same trust, the same actions on the same resources.
      const state = desiredState(repository, { today: TODAY });
      expect(state.problems).toEqual([]);
      const role = state.accounts['acme-prod']!.roles.find((candidate) => candidate.name === 'shop-worker')!;
      expect(canonicalPolicyJson(role.trustPolicy)).toBe(canonicalPolicyJson(TRUSTS[kind]));
      const synthesized: IamPolicyDocument[] = [...role.inlinePolicies, ...role.managedPolicies].map((policy) => policy.document);
      expect(grantsOf(synthesized)).toEqual(grantsOf([inline, queue]));
      // 2 actions x 2 resources, the deny, and the queue.
      expect(grantsOf(synthesized)).toHaveLength(6);
    });
  }

  it('writes notes for what it could not carry over, and names a role the way identities are named', async () => {
    server.addRole({ name: 'Legacy_Reporting', path: '/apps/', trustPolicy: TRUSTS.awsService, attachedPolicies: ['arn:aws:iam::aws:policy/ReadOnlyAccess'] });

    const run = await importRole('Legacy_Reporting');

    expect(run.code).toBe(0);
    expect(run.stderr).toContain('note: AWS-managed policy arn:aws:iam::aws:policy/ReadOnlyAccess is attached; its permissions were not imported');
    expect(run.stderr).toContain('note: IAM role "Legacy_Reporting" is named "legacy-reporting" here');
    expect(run.stderr).toContain('note: the live role sits at path /apps/; synth creates /gatehouse/legacy-reporting');
    const text = await readFile(join(root, 'identities/imported/legacy-reporting.yaml'), 'utf8');
    expect(text).toContain('# - AWS-managed policy arn:aws:iam::aws:policy/ReadOnlyAccess is attached');
    expect(text).toContain('grants: []');
  });

  it('prints to stdout with --out -, refuses to overwrite a file, and will not import the same role twice', async () => {
    server.addRole({ name: 'worker', trustPolicy: TRUSTS.awsService });

    const printed = await importRole('worker', '--out', '-');
    expect(printed.code).toBe(0);
    expect(printed.stdout).toContain('kind: Identity');
    expect(existsSync(join(root, 'identities/imported/worker.yaml'))).toBe(false);

    const policy = await readFile(join(root, 'catalog/policy.yaml'), 'utf8');
    const clobber = await importRole('worker', '--out', 'catalog/policy.yaml');
    expect(clobber.code).toBe(2);
    expect(clobber.stderr).toContain('catalog/policy.yaml already exists: choose another --out');
    expect(await readFile(join(root, 'catalog/policy.yaml'), 'utf8')).toBe(policy);

    expect((await importRole('worker')).code).toBe(0);
    const again = await importRole('worker');
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('an identity named "worker" already exists in identities/imported/worker.yaml');
  });

  it('explains a missing role, a trust that fits no workload kind, and a role git already declares', async () => {
    server.addRole({ name: 'sso-admins', trustPolicy: statement({ Principal: { Federated: `arn:aws:iam::${PROD}:saml-provider/okta` }, Action: 'sts:AssumeRoleWithSAML' }) });
    server.addRole({ name: 'payments-api', path: '/gatehouse/', trustPolicy: TRUSTS.eks });

    const missing = await importRole('no-such-role');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('account acme-prod (111122223333) has no role named "no-such-role"');

    const saml = await importRole('sso-admins');
    expect(saml.code).toBe(2);
    expect(saml.stderr).toContain('fits no workload kind (it trusts Federated: arn:aws:iam::111122223333:saml-provider/okta)');

    const declared = await importRole('payments-api');
    expect(declared.code).toBe(2);
    expect(declared.stderr).toContain('an identity named "payments-api" already exists in identities/payments/payments-api.yaml');
  });
});
