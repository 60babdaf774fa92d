/**
 * `gatehouse synth` end to end on real files: the example repository plus a few identities made
 * for the test, read by the real loader, written by the real stacks, checked in the JSON that
 * Terraform will read.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unescapeTemplate } from '../../stacks/terraform-escape.js';
import { runCli, STACK_FRAME } from '../cli/run-cli.js';
import { makeRepo, removeRepos } from '../support/repo-fixture.js';
import { identityFile, readAllFiles, readStacks, TODAY, type IdentityInput } from './fixtures.js';

type Resource = Record<string, unknown>;
interface StackJson {
  terraform: { required_version: string; required_providers: { aws: { source: string; version: string } }; backend: { s3: Record<string, unknown> } };
  provider: { aws: Record<string, unknown>[] };
  resource?: Record<string, Record<string, Resource>>;
  output?: unknown;
  variable?: unknown;
}

const PROD = '111122223333';
const DESCRIPTION = 'Reads ${aws:username} prefixes; %{if true}not a directive%{endif} and $${already} escaped';
const RESOURCE = 'arn:aws:s3:::acme-home/${aws:username}/%{x}/*';
const probe: IdentityInput = {
  name: 'escape-probe',
  description: DESCRIPTION,
  workload: { awsService: 'lambda.amazonaws.com' },
  grants: [{ statement: { actions: ['s3:GetObject'], resources: [RESOURCE] }, reason: 'home prefixes ${x}' }],
};

let work: string;
let root: string;
let out: string;
let stdout: string;
const stacks: Record<string, StackJson> = {};

function resource(account: string, type: string, name: string): Resource {
  const found = stacks[account]?.resource?.[type]?.[name];
  if (!found) throw new Error(`no ${type}.${name} in ${account}`);
  return found;
}

/** What Terraform makes of a string in cdk.tf.json, parsed as the JSON document it holds. */
const document = (value: unknown) => JSON.parse(unescapeTemplate(String(value))) as { Statement: Record<string, unknown>[] };

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'gatehouse-synth-'));
  root = await makeRepo(identityFile(probe), { examples: true });
  out = join(work, 'out');
  const run = await runCli(['synth', '--root', root, '--out', out, '--today', TODAY, '--commit', 'c0ffee1', '--change', 'https://github.com/acme/gatehouse/pull/42']);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  stdout = run.stdout;
  Object.assign(stacks, await readStacks<StackJson>(out));
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
  await removeRepos();
});

describe('each stack', () => {
  it("pins the provider the bindings were built for, with an S3 backend that locks, both using the job's credentials as they are", async () => {
    const bindings = createRequire(import.meta.url)('@cdktf/provider-aws/package.json') as { cdktf: { provider: { version: string } } };
    const prod = stacks['acme-prod'] as StackJson;
    expect(Object.keys(stacks).sort()).toEqual(['acme-dev', 'acme-prod', 'acme-staging']);
    expect(prod.terraform.required_providers.aws).toEqual({ source: 'hashicorp/aws', version: bindings.cdktf.provider.version });
    expect(prod.terraform.required_version).toBe('>= 1.10.0');
    // No assume_role anywhere: the job already holds the deploy role, and a role may not assume itself.
    expect(prod.terraform.backend.s3).toEqual({ bucket: 'acme-gatehouse-tfstate-prod', key: 'gatehouse/acme-prod.tfstate', region: 'us-east-1', encrypt: true, kms_key_id: `arn:aws:kms:us-east-1:${PROD}:alias/gatehouse-state`, use_lockfile: true });
    expect(prod.provider.aws).toEqual([{ region: 'us-east-1', allowed_account_ids: [PROD], default_tags: [{ tags: { 'gatehouse:managed-by': 'gatehouse' } }] }]);
    // The only output is the commit the shard was applied from, which the apply job's order guard reads; no key ever is one.
    for (const stack of Object.values(stacks)) {
      expect(stack.output).toEqual({ applied_commit: { value: '${var.commit}', description: expect.any(String) } });
      expect(stack.variable).toEqual({ commit: { type: 'string', nullable: false, description: expect.any(String) } });
    }
  });

  it('prints a summary per stack', () => {
    expect(stdout).toContain('stack acme-prod: 6 identities (6 roles, 0 users), 27 resources in stacks/acme-prod/cdk.tf.json');
    expect(stdout).toContain('stack acme-dev: 3 identities (2 roles, 1 user)');
    expect(stdout).toContain('left out: nothing');
  });
});

describe('trust per workload kind', () => {
  const trust = (account: string, name: string) => document(resource(account, 'aws_iam_role', name).assume_role_policy).Statement;

  it('EKS: the cluster OIDC provider, service account subject and audience', () => {
    const issuer = 'oidc.eks.us-east-1.amazonaws.com/id/5C0F1E2D3B4A69788766554433221100';
    expect(trust('acme-prod', 'payments-api')).toEqual([
      {
        Effect: 'Allow',
        Principal: { Federated: [`arn:aws:iam::${PROD}:oidc-provider/${issuer}`] },
        Action: ['sts:AssumeRoleWithWebIdentity'],
        Condition: { StringEquals: { [`${issuer}:aud`]: ['sts.amazonaws.com'], [`${issuer}:sub`]: ['system:serviceaccount:payments:payments-api'] } },
      },
    ]);
  });

  it('GitHub Actions: environment and ref subjects', () => {
    expect(trust('acme-prod', 'payments-deployer')[0]?.Condition).toEqual({
      StringEquals: { 'token.actions.githubusercontent.com:aud': ['sts.amazonaws.com'], 'token.actions.githubusercontent.com:sub': ['repo:acme/payments-web:environment:production'] },
    });
    expect(trust('acme-dev', 'data-analytics-ci')[0]).toMatchObject({
      Principal: { Federated: ['arn:aws:iam::333344445555:oidc-provider/token.actions.githubusercontent.com'] },
      Condition: { StringEquals: { 'token.actions.githubusercontent.com:sub': ['repo:acme/analytics:ref:refs/heads/main'] } },
    });
  });

  it('AWS service and cross-account', () => {
    expect(trust('acme-prod', 'payments-webhook')).toEqual([
      { Effect: 'Allow', Principal: { Service: ['lambda.amazonaws.com'] }, Action: ['sts:AssumeRole'], Condition: { StringEquals: { 'aws:SourceAccount': [PROD] } } },
    ]);
    expect(trust('acme-prod', 'data-warehouse-vendor')).toEqual([
      { Effect: 'Allow', Principal: { AWS: ['arn:aws:iam::444455556666:root'] }, Action: ['sts:AssumeRole'], Condition: { StringEquals: { 'sts:ExternalId': ['vendor-7f3a9c21'] } } },
    ]);
  });
});

describe('roles, policies and attachments', () => {
  it('a role under /gatehouse/ with session length, boundary and provenance tags', () => {
    expect(resource('acme-prod', 'aws_iam_role', 'payments-api')).toMatchObject({
      name: 'payments-api',
      path: '/gatehouse/',
      max_session_duration: 3600,
      permissions_boundary: `arn:aws:iam::${PROD}:policy/gatehouse-workload-boundary`,
      force_detach_policies: true,
      tags: {
        'gatehouse:identity': 'payments-api',
        'gatehouse:owner': '@acme/payments',
        'gatehouse:expires': '2027-06-30',
        'gatehouse:classification': 'confidential',
        'gatehouse:ticket': 'PAY-1234',
        'gatehouse:commit': 'c0ffee1',
        'gatehouse:change': 'https://github.com/acme/gatehouse/pull/42',
      },
    });
  });

  it('grants exactly the declared actions on exactly the declared resources', () => {
    const policy = resource('acme-prod', 'aws_iam_role_policy', 'payments-api');
    expect(policy.role).toBe('${aws_iam_role.payments-api.name}');
    const granted = document(policy.policy).Statement.map((s) => ({ actions: s.Action, resources: s.Resource, condition: s.Condition }));
    const byAction = (a: { actions: unknown }, b: { actions: unknown }) => String(a.actions).localeCompare(String(b.actions));
    expect(granted.sort(byAction)).toEqual([
      { actions: ['s3:GetObject'], resources: ['arn:aws:s3:::acme-invoices/invoices/*'], condition: undefined },
      { actions: ['s3:ListBucket'], resources: ['arn:aws:s3:::acme-invoices'], condition: { StringLike: { 's3:prefix': ['invoices/*'] } } },
      { actions: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'], resources: [`arn:aws:secretsmanager:us-east-1:${PROD}:secret:payments/stripe-api-key-??????`], condition: undefined },
      { actions: ['sqs:SendMessage'], resources: [`arn:aws:sqs:us-east-1:${PROD}:payment-events`], condition: undefined },
    ]);
  });

  it('holds inline policies and attachments exclusively, so out-of-band ones are removed', () => {
    expect(resource('acme-prod', 'aws_iam_role_policies_exclusive', 'payments-api')).toMatchObject({
      role_name: '${aws_iam_role.payments-api.name}',
      policy_names: ['${aws_iam_role_policy.payments-api.name}'],
    });
    expect(resource('acme-prod', 'aws_iam_role_policy_attachments_exclusive', 'payments-api')).toMatchObject({ role_name: '${aws_iam_role.payments-api.name}', policy_arns: [] });
  });

  it('an external identity is a user with an empty access-key secret, and no role and no key (the rotate job mints it)', () => {
    expect(stacks['acme-dev']?.resource?.aws_iam_role?.['data-legacy-export']).toBeUndefined();
    expect(resource('acme-dev', 'aws_iam_user', 'data-legacy-export')).toMatchObject({ name: 'data-legacy-export', path: '/gatehouse/', force_destroy: true });
    expect(stacks['acme-dev']?.resource?.aws_iam_access_key).toBeUndefined();
    expect(stacks['acme-dev']?.resource?.aws_secretsmanager_secret_version).toBeUndefined();
    const [, secret] = Object.entries(stacks['acme-dev']?.resource?.aws_secretsmanager_secret ?? {})[0] ?? [];
    expect(secret).toMatchObject({ name: 'gatehouse/data-legacy-export/access-key', recovery_window_in_days: 7 });
    expect(resource('acme-dev', 'aws_iam_user_policies_exclusive', 'data-legacy-export')).toMatchObject({ user_name: '${aws_iam_user.data-legacy-export.name}' });
  });

  it('a secret readable by its role only, rotating through the account rotation function', () => {
    const [address, secret] = Object.entries(stacks['acme-prod']?.resource?.aws_secretsmanager_secret ?? {})[0] ?? [];
    expect(secret).toMatchObject({ name: 'payments/stripe-webhook-key', description: 'Stripe webhook signing secret', recovery_window_in_days: 30 });
    const policy = resource('acme-prod', 'aws_secretsmanager_secret_policy', address as string);
    expect(policy).toMatchObject({ secret_arn: `\${aws_secretsmanager_secret.${address}.arn}`, block_public_policy: true, depends_on: ['aws_iam_role.payments-webhook'] });
    expect(document(policy.policy).Statement).toContainEqual({
      Sid: 'OwnerReads',
      Effect: 'Allow',
      Principal: { AWS: [`arn:aws:iam::${PROD}:role/gatehouse/payments-webhook`] },
      Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
      Resource: ['*'],
    });
    expect(resource('acme-prod', 'aws_secretsmanager_secret_rotation', address as string)).toMatchObject({
      rotation_lambda_arn: `arn:aws:lambda:us-east-1:${PROD}:function:gatehouse-secret-rotator`,
      rotation_rules: { automatically_after_days: 30 },
    });
  });
});

describe('escaping for Terraform templates', () => {
  it('escapes ${ and %{ from user files exactly once, in descriptions and in policy documents', () => {
    const role = resource('acme-prod', 'aws_iam_role', 'escape-probe');
    expect(role.description).toBe('Reads $${aws:username} prefixes; %%{if true}not a directive%%{endif} and $$${already} escaped');
    expect(unescapeTemplate(String(role.description))).toBe(DESCRIPTION);
    const policy = String(resource('acme-prod', 'aws_iam_role_policy', 'escape-probe').policy);
    expect(policy).toContain('arn:aws:s3:::acme-home/$${aws:username}/%%{x}/*');
    expect(document(policy).Statement[0]?.Resource).toEqual([RESOURCE]);
  });

  it.skipIf(!hasTerraform())('Terraform itself reads the escaped strings back as the originals', async () => {
    const role = resource('acme-prod', 'aws_iam_role', 'escape-probe');
    const policy = resource('acme-prod', 'aws_iam_role_policy', 'escape-probe').policy;
    const dir = join(work, 'terraform-eval');
    await writeFile(join(await ensureDir(dir), 'main.tf.json'), JSON.stringify({ output: { description: { value: role.description }, policy: { value: policy } } }));
    const env = { ...process.env, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1' };
    execFileSync('terraform', ['init', '-input=false', '-no-color'], { cwd: dir, env, stdio: 'pipe' });
    execFileSync('terraform', ['apply', '-auto-approve', '-input=false', '-no-color'], { cwd: dir, env, stdio: 'pipe' });
    const outputs = JSON.parse(execFileSync('terraform', ['output', '-json'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'ignore'] }).toString()) as Record<string, { value: string }>;
    expect(outputs.description?.value).toBe(DESCRIPTION);
    expect(JSON.parse(outputs.policy?.value ?? '{}').Statement[0].Resource).toEqual([RESOURCE]);
  });
});

describe('lifecycle and safety', () => {
  it('is deterministic: a second synth of the same input is byte-identical', async () => {
    const again = join(work, 'again');
    const run = await runCli(['synth', '--root', root, '--out', again, '--today', TODAY, '--commit', 'c0ffee1', '--change', 'https://github.com/acme/gatehouse/pull/42']);
    expect(run.code).toBe(0);
    expect(await readAllFiles(again)).toEqual(await readAllFiles(out));
  });

  it('omits expired identities, says why, and keeps the emptied account stack so apply destroys what is left', async () => {
    const later = join(work, 'later');
    const run = await runCli(['synth', '--root', root, '--out', later, '--today', '2027-03-01']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('left out data-analytics-ci (identities/data/data-analytics-ci.yaml): expired on 2027-02-15: its role is destroyed on the next apply');
    expect(run.stdout).toContain('left out data-legacy-export (identities/data/data-legacy-export.yaml): expired on 2027-01-31');
    const after = await readStacks<StackJson>(later);
    expect(after['acme-dev']?.resource).toBeUndefined();
    expect(after['acme-dev']?.provider.aws).toHaveLength(1);
    expect(Object.keys(after['acme-prod']?.resource?.aws_iam_role ?? {})).not.toContain('data-warehouse-vendor');
    expect(Object.keys(after['acme-prod']?.resource?.aws_iam_role ?? {})).toContain('payments-api');
  });

  it('a deleted file is an absent role; with the previous synth it says what is destroyed and what looks like a rename', async () => {
    const ledger = await readFile(join(root, 'identities/payments/payments-ledger-staging.yaml'), 'utf8');
    const changed = await makeRepo(
      {
        'identities/payments/payments-api.yaml': null,
        'identities/payments/payments-ledger-staging.yaml': null,
        'identities/payments/payments-ledger-stg.yaml': ledger.replace('name: payments-ledger-staging', 'name: payments-ledger-stg'),
      },
      { examples: true },
    );
    const next = join(work, 'next');
    const run = await runCli(['synth', '--root', changed, '--out', next, '--today', TODAY, '--previous', out]);
    expect(run.code).toBe(0);
    const after = await readStacks<StackJson>(next);
    expect(after['acme-prod']?.resource?.aws_iam_role?.['payments-api']).toBeUndefined();
    expect(after['acme-prod']?.resource?.aws_iam_role_policy?.['payments-api']).toBeUndefined();
    // Only that role: the rest of the account, and the renamed one, are still rendered.
    expect(Object.keys(after['acme-prod']?.resource?.aws_iam_role ?? {}).sort()).toEqual(['data-warehouse-vendor', 'payments-deployer', 'payments-webhook', 'platform-notifier']);
    expect(Object.keys(after['acme-staging']?.resource?.aws_iam_role ?? {})).toContain('payments-ledger-stg');
    expect(run.stdout).toContain('removed acme-prod: role payments-api is destroyed on apply');
    expect(run.stdout).toContain('renamed? acme-staging: role payments-ledger-staging -> payments-ledger-stg');
  });

  it('writes nothing when any file fails to load or validate, and leaves the existing output untouched', async () => {
    const broken = await makeRepo(
      {
        'identities/payments/typo.yaml': 'apiVersion: gatehouse/v1\nkind: Identity\nmetadata: { name: typo, owner: "@acme/payments" }\nspec:\n  account: acme-prdo\n  dataClassification: internal\n  workload: { awsService: lambda.amazonaws.com }\n',
        'identities/payments/bad-yaml.yaml': 'apiVersion: gatehouse/v1\nkind: Identity\nmetadata:\n  name: [unclosed\n',
      },
      { examples: true },
    );
    const before = await readAllFiles(out);
    const modified = (await stat(join(out, 'stacks/acme-prod/cdk.tf.json'))).mtimeMs;
    const run = await runCli(['synth', '--root', broken, '--out', out, '--today', TODAY]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/identities\/payments\/typo\.yaml:5:\d+ error unknown-account unknown account "acme-prdo"/);
    expect(run.stdout).toMatch(/identities\/payments\/bad-yaml\.yaml:\d+:\d+ error yaml-syntax/);
    expect(run.stdout).toContain(`nothing was written to ${out}`);
    expect(run.stdout + run.stderr).not.toMatch(STACK_FRAME);
    expect(await readAllFiles(out)).toEqual(before);
    expect((await stat(join(out, 'stacks/acme-prod/cdk.tf.json'))).mtimeMs).toBe(modified);
    expect((await readdir(dirname(out))).filter((e) => e.includes('.synth-'))).toEqual([]);
  });

  it('leaves the stack of an account gone from the catalog in place, and says so', async () => {
    const orphaned = join(work, 'orphaned');
    await ensureDir(join(orphaned, 'stacks', 'acme-legacy'));
    await writeFile(join(orphaned, 'stacks', 'acme-legacy', 'cdk.tf.json'), '{}');
    const run = await runCli(['synth', '--root', root, '--out', orphaned, '--today', TODAY]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('warning stacks/acme-legacy: its account is no longer in catalog/accounts.yaml; the directory was left in place');
    expect(await readFile(join(orphaned, 'stacks', 'acme-legacy', 'cdk.tf.json'), 'utf8')).toBe('{}');
  });

  it('npm start: the demo validates, lints and synthesizes the example with a summary per stack', async () => {
    const run = await runCli(['demo', '--today', TODAY, '--out', join(work, 'demo')]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/== validate[\s\S]*== lint[\s\S]*== synth/);
    expect(run.stdout).toContain('stack acme-prod: 5 identities (5 roles, 0 users), 23 resources');
  });

  it('writes nothing when an identity cannot be rendered, naming the file and line', async () => {
    const unrenderable = await makeRepo(identityFile({ name: 'two-subjects', workload: { githubActions: { repo: 'acme/web', environment: 'production', ref: 'refs/heads/main' } } }), { examples: true });
    const fresh = join(work, 'fresh');
    const run = await runCli(['synth', '--root', unrenderable, '--out', fresh, '--today', TODAY]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/identities\/payments\/two-subjects\.yaml:\d+:\d+ error synth-constraints set either environment or ref/);
    await expect(stat(fresh)).rejects.toThrow();
  });
});

function hasTerraform(): boolean {
  try {
    execFileSync('terraform', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

async function ensureDir(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  return dir;
}
