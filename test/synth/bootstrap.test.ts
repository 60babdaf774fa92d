/** `gatehouse synth --bootstrap`: the one-time stacks that must exist before the first apply. */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unescapeTemplate } from '../../stacks/terraform-escape.js';
import { runCli } from '../cli/run-cli.js';
import { EXAMPLE_ROOT } from '../support/repo-fixture.js';

type Resources = Record<string, Record<string, Record<string, unknown>>>;
let work: string;
let resources: Resources;
let stdout: string;

const policy = (value: unknown) => JSON.parse(unescapeTemplate(String(value))) as { Statement: Record<string, unknown>[] };

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'gatehouse-bootstrap-'));
  const run = await runCli(['synth', '--bootstrap', '--github-repo', 'acme/gatehouse', '--root', EXAMPLE_ROOT, '--out', join(work, 'out')]);
  expect(run.code).toBe(0);
  stdout = run.stdout;
  resources = (JSON.parse(await readFile(join(work, 'out/stacks/bootstrap-acme-prod/cdk.tf.json'), 'utf8')) as { resource: Resources }).resource;
});
afterAll(() => rm(work, { recursive: true, force: true }));

describe('bootstrap stacks', () => {
  it('one per account, with the state bucket locked down', () => {
    expect(stdout).toContain('stack bootstrap-acme-dev');
    expect(stdout).toContain('stack bootstrap-acme-staging');
    expect(Object.values(resources.aws_s3_bucket ?? {})[0]).toMatchObject({ bucket: 'acme-gatehouse-tfstate-prod' });
    expect(Object.values(resources.aws_s3_bucket_versioning ?? {})[0]).toMatchObject({ versioning_configuration: { status: 'Enabled' } });
    expect(Object.values(resources.aws_s3_bucket_public_access_block ?? {})[0]).toMatchObject({ block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });
    expect(Object.values(resources.aws_iam_openid_connect_provider ?? {})[0]).toMatchObject({ url: 'https://token.actions.githubusercontent.com', client_id_list: ['sts.amazonaws.com'] });
  });

  it("a deploy role only main's apply job in the account's environment can assume, creating roles only with the boundary", () => {
    const deploy = resources.aws_iam_role?.['deploy-role'];
    expect(deploy).toMatchObject({ name: 'gatehouse-deploy', path: '/' });
    expect(policy(deploy?.assume_role_policy).Statement[0]?.Condition).toEqual({
      StringEquals: {
        'token.actions.githubusercontent.com:aud': ['sts.amazonaws.com'],
        'token.actions.githubusercontent.com:sub': ['repo:acme/gatehouse:environment:prod'],
        'token.actions.githubusercontent.com:environment': ['prod'],
        'token.actions.githubusercontent.com:ref': ['refs/heads/main'],
        'token.actions.githubusercontent.com:job_workflow_ref': ['acme/gatehouse/.github/workflows/apply.yml@refs/heads/main'],
      },
    });
    const statements = policy(resources.aws_iam_role_policy?.['deploy-role-policy']?.policy).Statement;
    expect(statements.find((s) => s.Sid === 'CreateWithBoundary')).toMatchObject({
      Resource: ['arn:aws:iam::111122223333:role/gatehouse/*', 'arn:aws:iam::111122223333:user/gatehouse/*'],
      Condition: { StringEquals: { 'iam:PermissionsBoundary': ['arn:aws:iam::111122223333:policy/gatehouse-workload-boundary'] } },
    });
    // Every shard's state and lock file, and nothing else in the bucket.
    expect(statements.find((s) => s.Sid === 'StateObject')?.Resource).toEqual([
      'arn:aws:s3:::acme-gatehouse-tfstate-prod/gatehouse/acme-prod.shard-*',
      'arn:aws:s3:::acme-gatehouse-tfstate-prod/gatehouse/acme-prod.tfstate',
      'arn:aws:s3:::acme-gatehouse-tfstate-prod/gatehouse/acme-prod.tfstate.tflock',
    ]);
    expect(statements.find((s) => s.Sid === 'InvokeRotationFunction')).toMatchObject({ Action: ['lambda:InvokeFunction'], Resource: ['arn:aws:lambda:us-east-1:111122223333:function:gatehouse-secret-rotator'] });
  });

  it('the boundary the stacks reference, and a read role that never reads secret values', () => {
    expect(Object.values(resources.aws_iam_policy ?? {})[0]).toMatchObject({ name: 'gatehouse-workload-boundary', path: '/' });
    const read = JSON.stringify(policy(resources.aws_iam_role_policy?.['read-role-policy']?.policy));
    expect(read).toContain('iam:List*');
    expect(read).not.toContain('GetSecretValue');
  });
});
