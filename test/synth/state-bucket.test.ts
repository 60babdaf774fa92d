/**
 * The state bucket of the bootstrap: encrypted under a customer-managed key, and readable only by
 * the deploy and read roles. The policies are read from the synthesized bootstrap JSON and every
 * decision is taken by @cloud-copilot/iam-simulate.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IamPolicyDocument } from '../../src/core/desired/index.js';
import { unescapeTemplate } from '../../stacks/terraform-escape.js';
import { runCli, STACK_FRAME } from '../cli/run-cli.js';
import { makeRepo, readExample, REPO_ROOT, removeRepos } from '../support/repo-fixture.js';
import { decide } from './simulate.js';

const PROD = '111122223333';
const BUCKET = 'arn:aws:s3:::acme-gatehouse-tfstate-prod';
const STATE = `${BUCKET}/gatehouse/acme-prod.tfstate`;
const KEY = `arn:aws:kms:us-east-1:${PROD}:key/0f1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0`;
const DEPLOY = `arn:aws:iam::${PROD}:role/gatehouse-deploy`;
const READ = `arn:aws:iam::${PROD}:role/gatehouse-read`;
const ADMIN = `arn:aws:iam::${PROD}:role/AdministratorAccess`;
const EVERYTHING: IamPolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['*'], Resource: ['*'] }] };

type Resources = Record<string, Record<string, Record<string, unknown>>>;
let work: string;
let resources: Resources;
let bucketPolicy: IamPolicyDocument;
let keyPolicy: IamPolicyDocument;
let deployPolicy: IamPolicyDocument;

const parsed = (value: unknown) => JSON.parse(unescapeTemplate(String(value))) as IamPolicyDocument;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'gatehouse-state-bucket-'));
  const run = await runCli(['synth', '--bootstrap', '--github-repo', 'acme/gatehouse', '--root', REPO_ROOT, '--out', join(work, 'out')]);
  expect(run.code).toBe(0);
  resources = (JSON.parse(await readFile(join(work, 'out/stacks/bootstrap-acme-prod/cdk.tf.json'), 'utf8')) as { resource: Resources }).resource;
  bucketPolicy = parsed(Object.values(resources.aws_s3_bucket_policy ?? {})[0]?.policy);
  keyPolicy = parsed(resources.aws_kms_key?.['state-key']?.policy);
  deployPolicy = parsed(resources.aws_iam_role_policy?.['deploy-role-policy']?.policy);
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
  await removeRepos();
});

/** A session of `role` (as Terraform runs) doing `action` on the state, over TLS unless said otherwise. */
function onState(role: string, action: string, identity: IamPolicyDocument, context: Record<string, string> = {}, resource = STATE) {
  const session = `arn:aws:sts::${role.split(':')[4]}:assumed-role/${role.split('/').pop()}/terraform`;
  return decide({ principal: session, action, resource, accountId: PROD, identityPolicies: [identity], resourcePolicy: bucketPolicy, context: { 'aws:SecureTransport': 'true', 'aws:PrincipalArn': role, ...context } });
}

function withKey(role: string, action: string, identity: IamPolicyDocument, context: Record<string, string>) {
  const session = `arn:aws:sts::${PROD}:assumed-role/${role.split('/').pop()}/terraform`;
  return decide({ principal: session, action, resource: KEY, accountId: PROD, identityPolicies: [identity], resourcePolicy: keyPolicy, context: { 'aws:PrincipalArn': role, ...context } });
}

const THROUGH_S3 = { 'kms:ViaService': 's3.us-east-1.amazonaws.com', 'kms:CallerAccount': PROD };

describe('the state bucket, in the synthesized bootstrap', () => {
  it('is encrypted by default under a customer-managed key with rotation, a 30-day deletion window and an alias', () => {
    expect(resources.aws_kms_key?.['state-key']).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 30, depends_on: ['aws_iam_role.deploy-role', 'aws_iam_role.read-role'] });
    expect(resources.aws_kms_alias?.['state-key-alias']).toMatchObject({ name: 'alias/gatehouse-state', target_key_id: '${aws_kms_key.state-key.key_id}' });
    expect(resources.aws_s3_bucket_server_side_encryption_configuration?.['state-encryption']?.rule).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms', kms_master_key_id: '${aws_kms_key.state-key.arn}' }, bucket_key_enabled: true },
    ]);
  });
});

describe('bucket policy, decided by iam-simulate', () => {
  it('the deploy role reads and writes its state (under the state key) over TLS', async () => {
    expect(await onState(DEPLOY, 's3:GetObject', deployPolicy)).toBe('Allowed');
    expect(await onState(DEPLOY, 's3:PutObject', deployPolicy, { 's3:x-amz-server-side-encryption': 'aws:kms' })).toBe('Allowed');
  });

  it('abuse: an administrator of the account with every permission can neither read nor overwrite the state', async () => {
    expect(await onState(ADMIN, 's3:GetObject', EVERYTHING)).toBe('ExplicitlyDenied');
    expect(await onState(ADMIN, 's3:GetObjectVersion', EVERYTHING)).toBe('ExplicitlyDenied');
    expect(await onState(ADMIN, 's3:PutObject', EVERYTHING, { 's3:x-amz-server-side-encryption': 'aws:kms' })).toBe('ExplicitlyDenied');
    expect(await onState(ADMIN, 's3:DeleteObject', EVERYTHING)).toBe('ExplicitlyDenied');
  });

  it('abuse: a role that only looks like the deploy role (same name, another path) is another principal', async () => {
    expect(await onState(`arn:aws:iam::${PROD}:role/attacker/gatehouse-deploy`, 's3:GetObject', EVERYTHING)).toBe('ExplicitlyDenied');
  });

  it('abuse: nothing goes over plain HTTP, not even for the deploy role', async () => {
    expect(await onState(DEPLOY, 's3:GetObject', deployPolicy, { 'aws:SecureTransport': 'false' })).toBe('ExplicitlyDenied');
  });

  it('abuse: state written under another encryption than the state key is refused', async () => {
    expect(await onState(DEPLOY, 's3:PutObject', deployPolicy, { 's3:x-amz-server-side-encryption': 'AES256' })).toBe('ExplicitlyDenied');
  });

  it('administrators keep the bucket configuration, and purge old versions (the migration) only with MFA', async () => {
    expect(await onState(ADMIN, 's3:PutBucketPolicy', EVERYTHING, {}, BUCKET)).toBe('Allowed');
    expect(await onState(ADMIN, 's3:DeleteObjectVersion', EVERYTHING, { 'aws:MultiFactorAuthPresent': 'false' })).toBe('ExplicitlyDenied');
    expect(await onState(ADMIN, 's3:DeleteObjectVersion', EVERYTHING)).toBe('ExplicitlyDenied');
    expect(await onState(ADMIN, 's3:DeleteObjectVersion', EVERYTHING, { 'aws:MultiFactorAuthPresent': 'true' })).toBe('Allowed');
  });
});

describe('state key policy, decided by iam-simulate', () => {
  it('the deploy role uses the key through S3; the read role may only decrypt', async () => {
    for (const action of ['kms:GenerateDataKey', 'kms:Encrypt', 'kms:Decrypt']) expect(await withKey(DEPLOY, action, deployPolicy, THROUGH_S3), action).toBe('Allowed');
    const nothing: IamPolicyDocument = { Version: '2012-10-17', Statement: [] };
    expect(await withKey(READ, 'kms:Decrypt', nothing, THROUGH_S3)).toBe('Allowed');
    expect(await withKey(READ, 'kms:GenerateDataKey', nothing, THROUGH_S3)).toBe('ImplicitlyDenied');
  });

  it('abuse: the deploy role cannot use the key directly, only through S3', async () => {
    expect(await withKey(DEPLOY, 'kms:Decrypt', deployPolicy, { 'kms:CallerAccount': PROD })).toBe('ImplicitlyDenied');
    expect(await withKey(DEPLOY, 'kms:Decrypt', deployPolicy, { 'kms:CallerAccount': PROD, 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' })).toBe('ImplicitlyDenied');
  });

  it('abuse: an administrator may manage the key but never decrypt with it', async () => {
    expect(await withKey(ADMIN, 'kms:Decrypt', EVERYTHING, THROUGH_S3)).toBe('ImplicitlyDenied');
    expect(await withKey(ADMIN, 'kms:PutKeyPolicy', EVERYTHING, {})).toBe('Allowed');
  });
});

describe('abuse: an account catalog that would admit another account to the state', () => {
  it.each(['deployRole', 'readRole'])('a %s in another account is refused at file:line, and nothing is synthesized', async (field) => {
    const catalog = (await readExample('catalog/accounts.yaml')).replace(`${field}: arn:aws:iam::111122223333:role/`, `${field}: arn:aws:iam::999988887777:role/`);
    const root = await makeRepo({ 'catalog/accounts.yaml': catalog }, { examples: true });
    const out = join(work, `out-${field}`);
    const run = await runCli(['synth', '--bootstrap', '--github-repo', 'acme/gatehouse', '--root', root, '--out', out]);
    expect(run.code).toBe(1);
    expect(run.stdout + run.stderr).toMatch(new RegExp(`catalog/accounts\\.yaml:\\d+:\\d+ .*${field}.*is in account 999988887777, not in this account \\(111122223333\\)`));
    expect(run.stdout + run.stderr).not.toMatch(STACK_FRAME);
    await expect(readFile(join(out, 'stacks/bootstrap-acme-prod/cdk.tf.json'))).rejects.toThrow();
  });
});
