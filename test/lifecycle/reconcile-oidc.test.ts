/**
 * The scheduled reconcile job reads every account through the read role the bootstrap made, with
 * nothing but the job's own OIDC token: lifecycle.yml's reconcile job as GitHub would run it (its
 * claims taken from the workflow file), the Actions token endpoint, and the local IAM server,
 * where @cloud-copilot/iam-simulate decides AssumeRoleWithWebIdentity against the role's trust.
 * Jobs that are not that job (a pull request, a branch, another workflow, a fork) are refused.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { bootstrapAccount, LIFECYCLE_WORKFLOW } from '../../src/core/desired/index.js';
import { jobClaims, startActionsTokenEndpoint, type ActionsTokenEndpoint } from '../support/actions-oidc-server.js';
import { REPO_ROOT } from '../support/repo-fixture.js';
import { useAppliedAccounts } from './applied-state.js';
import { runCli } from './cli.js';

const TODAY = '2026-11-25';
const REPOSITORY = 'acme/gatehouse';
const MAIN = 'refs/heads/main';
const { state, server, endpoints } = useAppliedAccounts(TODAY);

interface WorkflowJob {
  readonly environment?: string;
  readonly permissions?: Record<string, string>;
  readonly steps: readonly { readonly uses?: string; readonly run?: string }[];
}

async function reconcileJob(): Promise<WorkflowJob> {
  const workflow = parse(await readFile(join(REPO_ROOT, LIFECYCLE_WORKFLOW), 'utf8')) as { jobs: Record<string, WorkflowJob> };
  return workflow.jobs.reconcile!;
}

/** The claims GitHub puts in the reconcile job's token when the schedule runs it on main. */
async function scheduledReconcileClaims(): Promise<Record<string, string>> {
  const job = await reconcileJob();
  return jobClaims({ repository: REPOSITORY, workflow: LIFECYCLE_WORKFLOW, ref: MAIN, ...(job.environment === undefined ? {} : { environment: job.environment }) });
}

/** Each account's read role as the bootstrap creates it, in place of the fixture's. */
function bootstrapReadRoles(): void {
  for (const [key, spec] of Object.entries(state.repository.catalog.accounts)) {
    const role = bootstrapAccount(key, spec, { repository: REPOSITORY }).readRole;
    if (!role) throw new Error(`${key} names a readRole in the example catalog`);
    server(key).addRole({ name: role.name, path: role.path, trustPolicy: role.trustPolicy, inlinePolicies: { read: role.policy }, createDate: '2024-01-01T00:00:00Z' });
  }
}

let endpoint: ActionsTokenEndpoint | undefined;
afterEach(async () => {
  await endpoint?.close();
  endpoint = undefined;
});

/** reconcile as the job runs it: no AWS keys at all, only what Actions gives the job. */
async function reconcileInActions(claims: Record<string, string>, options: { status?: number } = {}) {
  bootstrapReadRoles();
  endpoint = await startActionsTokenEndpoint(claims, options);
  const run = await runCli(['reconcile', '--root', state.root, '--today', TODAY, '--format', 'json', ...endpoints()], {
    cwd: state.root,
    env: { AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined, ...endpoint.env },
  });
  const output = `${run.stdout}\n${run.stderr}`;
  // Neither the request bearer nor any token handed out ever shows.
  for (const secret of [endpoint.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN!, ...endpoint.issued]) expect(output).not.toContain(secret);
  const report = JSON.parse(run.stdout || '{"accounts":[]}') as { accounts: { key: string; status: string; error?: string }[] };
  return { ...run, report };
}

describe('the reconcile job reads every account with its own OIDC token', () => {
  it('assumes each read role with AssumeRoleWithWebIdentity and reads all accounts', async () => {
    const run = await reconcileInActions(await scheduledReconcileClaims());
    expect(run.stderr).toBe('');
    expect(run.report.accounts.map((account) => [account.key, account.status])).toEqual([
      ['acme-dev', 'read'],
      ['acme-prod', 'read'],
      ['acme-staging', 'read'],
    ]);
    expect(run.code).toBe(0);
    for (const [key, spec] of Object.entries(state.repository.catalog.accounts)) {
      const sts = server(key).requests.filter((request) => request.service === 'sts');
      expect(sts.map((request) => request.params)).toEqual([expect.objectContaining({ Action: 'AssumeRoleWithWebIdentity', RoleArn: spec.readRole, RoleSessionName: 'gatehouse-reconcile' })]);
    }
    // One fresh token per account, for STS.
    expect(endpoint!.audiences).toEqual(['sts.amazonaws.com', 'sts.amazonaws.com', 'sts.amazonaws.com']);
  });

  it('runs in the environment the read role trusts, with id-token: write and no other AWS credentials', async () => {
    const job = await reconcileJob();
    expect(job.environment).toBe('gatehouse-app');
    expect(job.permissions).toMatchObject({ 'id-token': 'write' });
    expect(job.steps.filter((step) => step.uses?.startsWith('aws-actions/configure-aws-credentials'))).toEqual([]);
  });

  it.each([
    ['a pull request job', jobClaims({ repository: REPOSITORY, workflow: LIFECYCLE_WORKFLOW, ref: 'refs/pull/7/merge', event: 'pull_request' })],
    ['the same job pushed on a branch (environment protection misconfigured)', jobClaims({ repository: REPOSITORY, workflow: LIFECYCLE_WORKFLOW, ref: 'refs/heads/exfiltrate', environment: 'gatehouse-app' })],
    ['another workflow on main in the same environment', jobClaims({ repository: REPOSITORY, workflow: '.github/workflows/pull-request.yml', ref: MAIN, environment: 'gatehouse-app' })],
    ['the lifecycle workflow in another environment', jobClaims({ repository: REPOSITORY, workflow: LIFECYCLE_WORKFLOW, ref: MAIN, environment: 'dev' })],
    ['a fork of the repository', jobClaims({ repository: 'mallory/gatehouse', workflow: LIFECYCLE_WORKFLOW, ref: MAIN, environment: 'gatehouse-app' })],
  ])('abuse: %s cannot assume a read role', async (_label, claims) => {
    const run = await reconcileInActions(claims);
    expect(run.report.accounts.map((account) => account.status)).toEqual(['unreachable', 'unreachable', 'unreachable']);
    expect(run.report.accounts[0]!.error).toMatch(/access denied while assuming arn:aws:iam::\d+:role\/gatehouse-read \(AccessDenied: .*\)\. The role's trust does not admit/);
    // Nothing was read in any account.
    for (const key of Object.keys(state.repository.catalog.accounts)) expect(server(key).requests.filter((request) => request.service !== 'sts')).toEqual([]);
    expect(run.code).toBe(2);
  });

  it('says what the job lacks when Actions refuses a token, and reads nothing', async () => {
    const run = await reconcileInActions(await scheduledReconcileClaims(), { status: 403 });
    expect(run.report.accounts.map((account) => account.status)).toEqual(['unreachable', 'unreachable', 'unreachable']);
    expect(run.report.accounts[0]!.error).toBe('Account acme-dev (333344445555): GitHub Actions refused the job\'s OIDC token (HTTP 403): the job needs `permissions: id-token: write`, while assuming arn:aws:iam::333344445555:role/gatehouse-read.');
    expect(run.code).toBe(2);
  });
});
