/**
 * A rehearsal of the apply workflow: apply.yml's own steps, in order, on a real git repository of
 * the example organisation (commit A applied, commit B merged after it), with
 * `@cloud-copilot/iam-simulate` deciding every IAM question rather than logic of ours:
 *
 *   synth job   the order guard, the synth of the last applied commit, the synth with its matrix
 *   each entry  the claims GitHub puts in that job's OIDC token against the trust of the role it
 *               assumes (bootstrap), the provider and backend configuration of its stack, and the
 *               deploy policy against every call the AWS provider makes for every resource type
 *               the stack creates, keeps or destroys
 *
 * What cannot run here is replaced by its answer, and said so: GitHub's API for the last
 * successful run (its head commit is A), actions (checkout is the repository itself), Terraform
 * (no providers offline: its inputs are checked instead). Shell steps run verbatim under bash,
 * with `npx gatehouse` resolved to this package as it is in the workflow.
 */
import { execFile } from 'node:child_process';
import { chmod, cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runSimulation, runUnsafeSimulation } from '@cloud-copilot/iam-simulate';
import { createValidatedPolicy, validateTrustPolicy } from '@cloud-copilot/iam-policy';
import { simpleGit } from 'simple-git';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { PROVIDER_CALLS, type CallTarget, type ProviderCall } from '../../src/core/desired/index.js';
import { unescapeTemplate } from '../../stacks/terraform-escape.js';
import { runCli } from '../cli/run-cli.js';
import { REPO_ROOT } from '../support/repo-fixture.js';

const run = promisify(execFile);
const REPOSITORY = 'acme/gatehouse';
const MANAGED_BY = { key: 'gatehouse:managed-by', value: 'gatehouse' };

interface Step {
  name?: string;
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
  with?: Record<string, string>;
  env?: Record<string, string>;
}
interface Job {
  if?: string;
  environment?: string;
  steps: Step[];
}
interface MatrixEntry {
  stack: string;
  account: string;
  environment: string;
  region: string;
  role: string;
}
type Json = Record<string, unknown>;
type Resources = Record<string, Record<string, Json>>;
interface StackJson {
  terraform: { backend: { s3: Json } };
  provider: { aws: Json[] };
  resource?: Resources;
}

const workflow = parse(await readFile(join(REPO_ROOT, '.github/workflows/apply.yml'), 'utf8')) as { jobs: Record<string, Job> };
const step = (job: string, name: string) => {
  const found = workflow.jobs[job]!.steps.find((s) => s.name?.startsWith(name) || s.uses?.startsWith(name));
  if (!found) throw new Error(`apply.yml has no step "${name}" in job ${job}`);
  return found;
};

/** `${{ a.b.c }}` looked up in the context; `a == 'x' && b != 'y'` evaluated (what apply.yml's `if:`s use). */
function expression(text: string, context: Json): string {
  return text.replace(/\$\{\{\s*([\w.-]+)\s*\}\}/g, (_, path: string) => String(lookup(context, path) ?? ''));
}
function lookup(context: Json, path: string): unknown {
  return path.split('.').reduce<unknown>((value, key) => (value as Json | undefined)?.[key], context);
}
function condition(text: string | undefined, context: Json): boolean {
  if (text === undefined) return true;
  return text.split(' && ').every((part) => {
    const match = /^([\w.-]+) (==|!=) '(.*)'$/.exec(part.trim());
    if (!match) throw new Error(`the rehearsal cannot evaluate "${part}"`);
    const value = String(lookup(context, match[1]!) ?? '');
    return match[2] === '==' ? value === match[3] : value !== match[3];
  });
}

let work: string;
let repo: string;
let bin: string;
let commitA: string;
let commitB: string;

/** Runs a `run:` step under bash in the repository, its env evaluated, and returns exit code and what it wrote to GITHUB_OUTPUT. */
async function runStep(s: Step, context: Json, extraEnv: Record<string, string> = {}): Promise<{ code: number; stdout: string; outputs: Record<string, string> }> {
  const output = join(work, `output-${Math.random().toString(36).slice(2)}`);
  await writeFile(output, '');
  const env = Object.fromEntries(Object.entries(s.env ?? {}).map(([k, v]) => [k, expression(v, context)]));
  try {
    const { stdout } = await run('bash', ['-e', '-o', 'pipefail', '-c', s.run!], {
      cwd: repo,
      env: { PATH: `${bin}:${process.env.PATH}`, HOME: work, RUNNER_TEMP: join(work, 'runner-temp'), GITHUB_OUTPUT: output, ...(context.env as Record<string, string>), ...env, ...extraEnv },
      maxBuffer: 16 * 1024 * 1024,
    });
    return { code: 0, stdout, outputs: parseOutputs(await readFile(output, 'utf8')) };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failed.code === 'number' ? failed.code : 1, stdout: `${failed.stdout ?? ''}${failed.stderr ?? ''}`, outputs: {} };
  }
}
function parseOutputs(text: string): Record<string, string> {
  return Object.fromEntries(text.split('\n').filter((line) => line.includes('=')).map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'gatehouse-rehearsal-'));
  repo = join(work, 'repo');
  bin = join(work, 'bin');
  await mkdir(bin);
  await mkdir(join(work, 'runner-temp'));
  // `npx gatehouse` is this package's bin in the workflow; anything else npx would fetch is refused.
  await writeFile(join(bin, 'npx'), `#!/bin/sh\n[ "$1" = gatehouse ] || { echo "npx $1: not in the rehearsal" >&2; exit 127; }\nshift\nexec node ${JSON.stringify(join(REPO_ROOT, 'bin/gatehouse.js'))} "$@"\n`);
  await chmod(join(bin, 'npx'), 0o755);
  for (const dir of ['catalog', 'identities']) await cp(join(REPO_ROOT, dir), join(repo, dir), { recursive: true });
  const git = simpleGit({ baseDir: repo });
  await git.init(['--initial-branch=main']).addConfig('user.name', 'Rehearsal').addConfig('user.email', 'rehearsal@example.com').addConfig('commit.gpgsign', 'false');
  await git.add('.').commit('Example organisation (#1)');
  commitA = (await git.revparse(['HEAD'])).trim();
  // Commit B: the external user in acme-dev is revoked and a role is added in acme-prod.
  await rm(join(repo, 'identities/data/data-legacy-export.yaml'));
  const notifier = await readFile(join(repo, 'identities/platform/platform-notifier.yaml'), 'utf8');
  await writeFile(join(repo, 'identities/platform/platform-alerts.yaml'), notifier.replace(/^(  name: )platform-notifier$/m, '$1platform-alerts'));
  await git.add('.').commit('Revoke the legacy export, add platform alerts (#2)');
  commitB = (await git.revparse(['HEAD'])).trim();
}, 120_000);
afterAll(() => rm(work, { recursive: true, force: true }));

const github = (sha: string, ref = 'refs/heads/main', event = 'push') => ({
  github: { ref, event_name: event, token: 'not-a-token', sha },
  env: { GITHUB_SHA: sha, GITHUB_REF: ref, GITHUB_REPOSITORY: REPOSITORY, GITHUB_EVENT_NAME: event },
});

describe('apply.yml, rehearsed', () => {
  let matrix: MatrixEntry[];
  let bootstrap: Record<string, StackJson & { resource: Resources }>;

  beforeAll(async () => {
    const context: Json = { ...github(commitB) };
    expect(condition(workflow.jobs.synth!.if, context)).toBe(true);
    // GitHub's answer for the last successful run of apply.yml on main: commit A.
    const applied = { outputs: { commit: commitA } };
    context.steps = { applied };
    expect((await runStep(step('synth', 'Refuse a commit older'), context)).code).toBe(0);
    const previous = step('synth', 'Synthesize the last applied commit');
    expect(condition(previous.if, context)).toBe(true);
    const synthPrevious = await runStep(previous, context);
    expect(synthPrevious.code, synthPrevious.stdout).toBe(0);
    const synth = await runStep(step('synth', 'Synthesize (nothing'), context);
    expect(synth.code, synth.stdout).toBe(0);
    const entries = await runStep(step('synth', 'One matrix entry'), context);
    matrix = (JSON.parse(entries.outputs.matrix!) as { include: MatrixEntry[] }).include;

    const boot = await runCli(['synth', '--bootstrap', '--github-repo', REPOSITORY, '--root', repo, '--out', join(work, 'bootstrap')]);
    expect(boot.code, boot.stdout).toBe(0);
    bootstrap = {};
    for (const account of ['acme-prod', 'acme-staging', 'acme-dev']) {
      bootstrap[account] = JSON.parse(await readFile(join(work, 'bootstrap/stacks', `bootstrap-${account}`, 'cdk.tf.json'), 'utf8'));
    }
  }, 180_000);

  it('lists only the shards the merge changed, compared with the last applied commit', () => {
    // B changed acme-dev (a user revoked) and acme-prod (a role added); acme-staging is byte-identical.
    expect(matrix.map((e) => e.stack)).toEqual(['acme-dev', 'acme-prod']);
  });

  it("each job's OIDC claims meet the trust of the role it assumes, and nothing else's do", async () => {
    const configure = step('apply', 'aws-actions/configure-aws-credentials@');
    for (const entry of matrix) {
      const roleArn = expression(configure.with!['role-to-assume']!, { matrix: entry });
      const environment = expression(workflow.jobs.apply!.environment!, { matrix: entry });
      const trust = deployRole(entry.account, roleArn).trust;
      // What GitHub puts in the token of a job with `environment:` (docs: OIDC token claims); the audience is configure-aws-credentials' default.
      const claims = jobClaims({ environment });
      expect(await assume(trust, roleArn, claims), entry.stack).toBe('Allowed');
      const attempts: Record<string, Record<string, string>> = {
        'a dispatch on another branch': jobClaims({ environment, ref: 'refs/heads/feature' }),
        'a pull request': { ...jobClaims({ environment }), 'token.actions.githubusercontent.com:sub': `repo:${REPOSITORY}:pull_request`, 'token.actions.githubusercontent.com:ref': 'refs/pull/7/merge' },
        'another environment': jobClaims({ environment: entry.environment === 'dev' ? 'prod' : 'dev' }),
        'another workflow on main': { ...jobClaims({ environment }), 'token.actions.githubusercontent.com:job_workflow_ref': `${REPOSITORY}/.github/workflows/lifecycle.yml@refs/heads/main` },
        'another repository': jobClaims({ environment, repository: 'acme/fork' }),
        'another audience': { ...jobClaims({ environment }), 'token.actions.githubusercontent.com:aud': 'https://github.com/acme' },
      };
      for (const [who, attempt] of Object.entries(attempts)) expect(await assume(trust, roleArn, attempt), `${entry.stack}: ${who}`).not.toBe('Allowed');
    }
  });

  it('the provider and the backend use the credentials the job holds, and the backend state is the deploy role’s to write', async () => {
    for (const entry of matrix) {
      const stack = await stackOf(entry.stack);
      expect(stack.provider.aws).toHaveLength(1);
      expect(stack.provider.aws[0]!.assume_role, entry.stack).toBeUndefined();
      expect(stack.terraform.backend.s3.assume_role, entry.stack).toBeUndefined();
      expect(stack.provider.aws[0]!.allowed_account_ids).toEqual([accountIdOf(entry.role)]);
      const { policy } = deployRole(entry.account, entry.role);
      const { bucket, key } = stack.terraform.backend.s3 as { bucket: string; key: string };
      const state = `arn:aws:s3:::${bucket}/${key}`;
      for (const [action, resource] of [['s3:ListBucket', `arn:aws:s3:::${bucket}`], ['s3:GetObject', state], ['s3:PutObject', state], ['s3:PutObject', `${state}.tflock`], ['s3:DeleteObject', `${state}.tflock`]] as const) {
        expect(await allowed(policy, entry, action, resource, {}), `${entry.stack}: ${action} ${resource}`).toBe('Allowed');
      }
      expect(await allowed(policy, entry, 's3:PutObject', `arn:aws:s3:::${bucket}/other/state.tfstate`, {}), 'another object of the bucket').not.toBe('Allowed');
    }
  });

  it('the deploy policy allows every call the provider makes for every resource type the stack creates, keeps or destroys', async () => {
    let checked = 0;
    for (const entry of matrix) {
      const current = await stackOf(entry.stack);
      const previous = await stackOf(entry.stack, 'applied.out');
      const types = new Set([...Object.keys(current.resource ?? {}), ...Object.keys(previous.resource ?? {})]);
      const { policy } = deployRole(entry.account, entry.role);
      for (const type of types) {
        const calls = PROVIDER_CALLS[type];
        expect(calls, `${type} is emitted by synth but missing from src/core/desired/provider-calls.ts`).toBeDefined();
        for (const call of [...calls!.create, ...calls!.read, ...calls!.update, ...calls!.delete]) {
          const { resource, context } = requestFor(call, type, entry, current, previous);
          const decision = await allowed(policy, entry, call.action, resource, context);
          if (call.notGranted) expect(decision, `${type} ${call.action} is deliberately not granted`).not.toBe('Allowed');
          else expect(decision, `${entry.stack}: ${type} ${call.action} on ${resource}`).toBe('Allowed');
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('the deploy policy allows every call of the table, also for resource types this repository does not emit yet', async () => {
    const entry = matrix.find((e) => e.account === 'acme-prod')!;
    const { policy } = deployRole(entry.account, entry.role);
    const id = accountIdOf(entry.role);
    // One resource of each kind, as the stacks write them for acme-prod (its boundary and rotation function).
    const stack: StackJson = {
      terraform: { backend: { s3: {} } },
      provider: { aws: [{ default_tags: [{ tags: { [MANAGED_BY.key]: MANAGED_BY.value } }] }] },
      resource: {
        aws_iam_role: { any: { name: 'any', path: '/gatehouse/', permissions_boundary: `arn:aws:iam::${id}:policy/gatehouse-workload-boundary` } },
        aws_iam_user: { any: { name: 'any', path: '/gatehouse/', permissions_boundary: `arn:aws:iam::${id}:policy/gatehouse-workload-boundary` } },
        aws_iam_policy: { any_1: { name: 'gatehouse-any-1', path: '/gatehouse/' } },
        aws_secretsmanager_secret: { any: { name: 'any/token' } },
        aws_secretsmanager_secret_rotation: { any: { rotation_lambda_arn: `arn:aws:lambda:us-east-1:${id}:function:gatehouse-secret-rotator` } },
      },
    };
    for (const [type, calls] of Object.entries(PROVIDER_CALLS)) {
      for (const call of [...calls.create, ...calls.read, ...calls.update, ...calls.delete]) {
        const { resource, context } = requestFor(call, type, entry, stack, stack);
        const decision = await allowed(policy, entry, call.action, resource, context);
        expect(decision, `${type} ${call.action} on ${resource}`).toBe(call.notGranted ? 'ImplicitlyDenied' : 'Allowed');
      }
    }
  });

  it('the deploy policy refuses what an apply never needs: no boundary, a foreign policy, a foreign role, another secret, another function', async () => {
    const entry = matrix.find((e) => e.account === 'acme-prod')!;
    const { policy } = deployRole(entry.account, entry.role);
    const iam = `arn:aws:iam::${accountIdOf(entry.role)}`;
    const refusals: [string, string, Record<string, string | string[]>][] = [
      ['iam:CreateRole', `${iam}:role/gatehouse/escalate`, { 'iam:PermissionsBoundary': `${iam}:policy/permissive` }],
      ['iam:CreateRole', `${iam}:role/gatehouse/escalate`, {}],
      ['iam:AttachRolePolicy', `${iam}:role/gatehouse/payments-api`, { 'iam:PolicyARN': 'arn:aws:iam::aws:policy/AdministratorAccess' }],
      ['iam:UpdateAssumeRolePolicy', `${iam}:role/OrganizationAccountAccessRole`, {}],
      ['iam:DeleteRolePermissionsBoundary', `${iam}:role/gatehouse/payments-api`, {}],
      ['secretsmanager:GetSecretValue', `arn:aws:secretsmanager:us-east-1:${accountIdOf(entry.role)}:secret:prod/db-AbCdEf`, { 'aws:ResourceTag/team': 'db' }],
      ['secretsmanager:UntagResource', `arn:aws:secretsmanager:us-east-1:${accountIdOf(entry.role)}:secret:x-AbCdEf`, { [`aws:ResourceTag/${MANAGED_BY.key}`]: MANAGED_BY.value, 'aws:TagKeys': [MANAGED_BY.key] }],
      ['lambda:InvokeFunction', `arn:aws:lambda:us-east-1:${accountIdOf(entry.role)}:function:anything-else`, {}],
    ];
    for (const [action, resource, context] of refusals) expect(await allowed(policy, entry, action, resource, context), `${action} ${resource}`).not.toBe('Allowed');
  });

  it('refuses, in the synth job and in every apply job, a commit older than the last applied one', async () => {
    for (const [job, name] of [['synth', 'Refuse a commit older'], ['apply', 'Refuse a commit older']] as const) {
      const guard = step(job, name);
      const context = (sha: string, applied: string) => ({ ...github(sha), matrix: matrix[0], steps: { applied: { outputs: { commit: applied } } } });
      expect((await runStep(guard, context(commitB, commitA))).code, `${job}: B after A`).toBe(0);
      expect((await runStep(guard, context(commitB, commitB))).code, `${job}: a re-run of B`).toBe(0);
      expect((await runStep(guard, context(commitB, ''))).code, `${job}: nothing applied yet`).toBe(0);
      // A re-run of A's workflow after B was applied would bring the revoked user back.
      const stale = await runStep(guard, context(commitA, commitB));
      expect(stale.code, `${job}: A after B`).toBe(1);
      expect(stale.stdout).toContain(`refusing to apply ${commitA}`);
      expect((await runStep(guard, context(commitB, '0123456789abcdef0123456789abcdef01234567'))).code, `${job}: an applied commit not in history`).toBe(1);
    }
  });

  it("reads each shard's last applied commit from its state, and fails when the state cannot be read", async () => {
    const read = step('apply', 'The commit last applied to this shard');
    const withTerraform = async (script: string) => {
      // Terraform cannot run offline: this stands in for `terraform output -json`, printing what it prints for the state.
      await writeFile(join(bin, 'terraform'), `#!/bin/sh\n${script}\n`);
      await chmod(join(bin, 'terraform'), 0o755);
      return runStep(read, { ...github(commitB), matrix: matrix[0] });
    };
    try {
      expect((await withTerraform(`echo '{"applied_commit":{"sensitive":false,"type":"string","value":"${commitA}"}}'`)).outputs.commit).toBe(commitA);
      expect((await withTerraform(`echo '{}'`)).outputs.commit).toBe('');
      expect((await withTerraform(`echo 'Error: AccessDenied' >&2; exit 1`)).code).not.toBe(0);
    } finally {
      await rm(join(bin, 'terraform'), { force: true });
    }
  });

  it('takes the diff base only from successful runs of apply.yml on main, never from a run on another branch', () => {
    const query = step('synth', 'The last applied commit').run!;
    expect(query).toMatch(/actions\/workflows\/apply\.yml\/runs\?branch=main&status=success&per_page=1/);
  });

  it('does nothing for another ref: every job is skipped on a dispatch from a branch', () => {
    const context = { ...github(commitB, 'refs/heads/feature', 'workflow_dispatch'), needs: { synth: { outputs: { matrix: JSON.stringify({ include: matrix }) } } } };
    for (const [name, job] of Object.entries(workflow.jobs)) expect(condition(job.if, context), name).toBe(false);
  });

  it('plans every shard when more than identities and the catalog changed: an engine change reaches every stack', async () => {
    const git = simpleGit({ baseDir: repo });
    await writeFile(join(repo, 'package.json'), '{ "dependencies": { "gatehouse": "2.0.0" } }\n');
    await git.add('package.json').commit('Upgrade Gatehouse (#3)');
    const commitC = (await git.revparse(['HEAD'])).trim();
    try {
      await rm(join(repo, 'applied.out'), { recursive: true, force: true });
      const context = { ...github(commitC), steps: { applied: { outputs: { commit: commitB } } } };
      const previous = await runStep(step('synth', 'Synthesize the last applied commit'), context);
      expect(previous.code, previous.stdout).toBe(0);
      expect(previous.stdout).toContain('planning every shard');
      expect((await runStep(step('synth', 'Synthesize (nothing'), context)).code).toBe(0);
      const all = JSON.parse(await readFile(join(repo, 'stack-matrix.json'), 'utf8')) as { include: MatrixEntry[] };
      expect(all.include.map((e) => e.stack)).toEqual(['acme-dev', 'acme-prod', 'acme-staging']);
    } finally {
      await git.raw(['reset', '--hard', '-q', commitB]);
    }
  });

  it('the scheduled run plans every shard: drift in an unchanged shard is caught', async () => {
    const context = { ...github(commitB, 'refs/heads/main', 'schedule'), steps: { applied: { outputs: { commit: commitA } } } };
    expect(condition(step('synth', 'Synthesize the last applied commit').if, context)).toBe(false);
    await rm(join(repo, 'applied.out'), { recursive: true, force: true });
    expect((await runStep(step('synth', 'Synthesize (nothing'), context)).code).toBe(0);
    const all = JSON.parse(await readFile(join(repo, 'stack-matrix.json'), 'utf8')) as { include: MatrixEntry[] };
    expect(all.include.map((e) => e.stack)).toEqual(['acme-dev', 'acme-prod', 'acme-staging']);
  });

  // ---- helpers that read what the steps wrote -------------------------------------------------

  function deployRole(account: string, roleArn: string): { trust: Json; policy: Json } {
    const resources = bootstrap[account]!.resource;
    const [address, role] = Object.entries(resources.aws_iam_role ?? {}).find(([, r]) => `arn:aws:iam::${accountIdOf(roleArn)}:role${unescapeTemplate(String(r.path))}${unescapeTemplate(String(r.name))}` === roleArn) ?? [];
    if (!role) throw new Error(`the bootstrap of ${account} has no role ${roleArn}`);
    const policy = Object.values(resources.aws_iam_role_policy ?? {}).find((p) => p.role === `\${aws_iam_role.${address}.name}`);
    return { trust: JSON.parse(unescapeTemplate(String(role.assume_role_policy))), policy: JSON.parse(unescapeTemplate(String(policy!.policy))) };
  }
});

async function stackOf(stack: string, out = 'cdktf.out'): Promise<StackJson> {
  try {
    return JSON.parse(await readFile(join(repo, out, 'stacks', stack, 'cdk.tf.json'), 'utf8')) as StackJson;
  } catch {
    return { terraform: { backend: { s3: {} } }, provider: { aws: [] } };
  }
}

const accountIdOf = (arn: string) => arn.split(':')[4]!;

function jobClaims(options: { environment: string; ref?: string; repository?: string }): Record<string, string> {
  const repository = options.repository ?? REPOSITORY;
  const ref = options.ref ?? 'refs/heads/main';
  const claim = 'token.actions.githubusercontent.com';
  return {
    [`${claim}:aud`]: 'sts.amazonaws.com',
    [`${claim}:sub`]: `repo:${repository}:environment:${options.environment}`,
    [`${claim}:environment`]: options.environment,
    [`${claim}:ref`]: ref,
    [`${claim}:repository`]: repository,
    [`${claim}:job_workflow_ref`]: `${repository}/.github/workflows/apply.yml@${ref}`,
  };
}

/**
 * AssumeRoleWithWebIdentity against a trust policy. The unvalidated engine, because iam-data (the
 * Service Authorization Reference) lists GitHub's newer claim keys for sts but not `sub` and `aud`,
 * which the validated engine would therefore drop; the trust itself is validated as a trust policy.
 */
async function assume(trust: Json, roleArn: string, claims: Record<string, string>): Promise<string> {
  const validated = createValidatedPolicy(trust, validateTrustPolicy, { name: 'trust' });
  expect(validated.errors).toEqual([]);
  const accountId = accountIdOf(roleArn);
  return runUnsafeSimulation(
    {
      request: { principal: `arn:aws:iam::${accountId}:oidc-provider/token.actions.githubusercontent.com`, action: 'sts:AssumeRoleWithWebIdentity', resource: { resource: roleArn, accountId }, contextVariables: claims },
      identityPolicies: [],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: validated,
    },
    {},
  );
}

/** A call of the deploy role's session, decided by the validated engine. */
async function allowed(policy: Json, entry: MatrixEntry, action: string, resource: string, context: Record<string, string | string[]>): Promise<string> {
  const accountId = accountIdOf(entry.role);
  const result = await runSimulation(
    {
      request: { principal: `arn:aws:sts::${accountId}:assumed-role/${entry.role.split('/').pop()}/gatehouse-apply`, action, resource: { resource, accountId }, contextVariables: context },
      identityPolicies: [{ name: 'deploy', policy }],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
    },
    {},
  );
  if (result.resultType === 'error') throw new Error(`${action} on ${resource}: ${JSON.stringify(result.errors)}`);
  return result.overallResult;
}

/** The resource and request context of a call, from the resources the stacks write (current, else the applied ones being destroyed). */
function requestFor(call: ProviderCall, type: string, entry: MatrixEntry, current: StackJson, previous: StackJson): { resource: string; context: Record<string, string | string[]> } {
  const accountId = accountIdOf(entry.role);
  const iam = `arn:aws:iam::${accountId}`;
  const first = (kind: string) => Object.values(current.resource?.[kind] ?? {})[0] ?? Object.values(previous.resource?.[kind] ?? {})[0];
  const text = (value: unknown) => unescapeTemplate(String(value));
  const principal = type.startsWith('aws_iam_user') || (type === 'aws_iam_access_key') ? 'user' : 'role';
  const entity = first(`aws_iam_${principal}`)!;
  const entityArn = `${iam}:${principal}${text(entity?.path)}${text(entity?.name)}`;
  const defaultTags = ((current.provider.aws[0] ?? previous.provider.aws[0])?.default_tags as { tags: Record<string, string> }[] | undefined)?.[0]?.tags ?? {};
  const requestTags = (tags: Record<string, string>) => ({
    ...Object.fromEntries(Object.entries({ ...defaultTags, ...tags }).map(([k, v]) => [`aws:RequestTag/${k}`, v])),
    'aws:TagKeys': Object.keys({ ...defaultTags, ...tags }),
  });
  const policyOf = () => first('aws_iam_policy');
  const policyArn = () => `${iam}:policy${text(policyOf()?.path)}${text(policyOf()?.name)}`;
  const secret = first('aws_secretsmanager_secret');
  const secretArn = `arn:aws:secretsmanager:${entry.region}:${accountId}:secret:${text(secret?.name ?? 'x')}-AbCdEf`;
  const targets: Record<CallTarget, () => { resource: string; context: Record<string, string | string[]> }> = {
    'new-principal': () => ({ resource: entityArn, context: { 'iam:PermissionsBoundary': text(entity?.permissions_boundary), ...requestTags((entity?.tags as Record<string, string>) ?? {}) } }),
    'attach-policy': () => ({ resource: entityArn, context: { 'iam:PolicyARN': policyArn() } }),
    role: () => ({ resource: entityArn, context: {} }),
    user: () => ({ resource: entityArn, context: {} }),
    policy: () => ({ resource: policyArn(), context: {} }),
    'new-secret': () => ({ resource: secretArn, context: requestTags((secret?.tags as Record<string, string>) ?? {}) }),
    secret: () => ({ resource: secretArn, context: { [`aws:ResourceTag/${MANAGED_BY.key}`]: MANAGED_BY.value, 'aws:TagKeys': ['gatehouse:commit'] } }),
    'rotation-function': () => ({ resource: text(first('aws_secretsmanager_secret_rotation')?.rotation_lambda_arn), context: {} }),
    account: () => ({ resource: '*', context: {} }),
    // A Gatehouse profile: created with the managed-by tag, managed only while it carries it (roles-anywhere.ts).
    'roles-anywhere-profile': () => ({
      // CreateProfile names no resource (IAM authorizes it on *).
      resource: call.action === 'rolesanywhere:CreateProfile' ? '*' : `arn:aws:rolesanywhere:${entry.region}:${accountId}:profile/0f0e0d0c-0b0a-0908-0706-050403020100`,
      context: { [`aws:ResourceTag/${MANAGED_BY.key}`]: MANAGED_BY.value, ...requestTags({}) },
    }),
    'instance-profile': () => ({ resource: `${iam}:instance-profile/added-out-of-band`, context: {} }),
    group: () => ({ resource: `${iam}:group/added-out-of-band`, context: {} }),
    'mfa-device': () => ({ resource: `${iam}:mfa/added-out-of-band`, context: {} }),
  };
  return targets[call.on]();
}
