import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Repository } from '../../src/core/model.js';
import { appliedRole, appliedSecret, appliedUser, desiredAccount, useAppliedAccounts } from './applied-state.js';
import { runCli } from './cli.js';

const TODAY = '2026-11-25';
const { state, server, endpoints, takeDown } = useAppliedAccounts(TODAY);

async function reconcileJson(...extra: string[]) {
  const run = await runCli(['reconcile', '--root', state.root, '--today', TODAY, '--format', 'json', ...endpoints(), ...extra], { cwd: state.root });
  const report = JSON.parse(run.stdout || '{}') as {
    partial: boolean;
    summary: { knownUnmanaged: number };
    accounts: { key: string; status: string; error?: string }[];
    findings: { kind: string; account: string; resource: { type: string; name: string }; identity?: string; owner: string; message: string; details?: string[] }[];
    knownUnmanaged: { account: string; type: string; name: string; arn: string; entry: string; reason: string; owner?: string }[];
    unmatchedExemptions: { account: string; entry: string; type?: string }[];
  };
  return { ...run, report };
}

describe('gatehouse reconcile against the real AWS SDK on a local IAM endpoint', () => {
  it('finds nothing in accounts that match what synth renders, reading each through its read-only role', async () => {
    const { code, report, stderr } = await reconcileJson();

    expect(stderr).toBe('');
    expect(report.findings).toEqual([]);
    expect(code).toBe(0);
    expect(report.accounts.map((account) => [account.key, account.status])).toEqual([
      ['acme-dev', 'read'],
      ['acme-prod', 'read'],
      ['acme-staging', 'read'],
    ]);
    // Each account was read with the session of its read role, assumed through STS.
    const prod = server('acme-prod').requests;
    expect(prod.find((request) => request.service === 'sts')?.params).toMatchObject({ Action: 'AssumeRole', RoleArn: 'arn:aws:iam::111122223333:role/gatehouse-read' });
    const iamReads = prod.filter((request) => request.service === 'iam');
    expect(iamReads.length).toBeGreaterThan(0);
    expect(iamReads.filter((request) => !request.accessKeyId?.startsWith('ASIA'))).toEqual([]);
    // Every account has the role AWS Organizations created; the example catalog exempts it by name.
    expect(report.knownUnmanaged.map((known) => `${known.account} ${known.name}`)).toEqual([
      'acme-dev OrganizationAccountAccessRole',
      'acme-prod OrganizationAccountAccessRole',
      'acme-staging OrganizationAccountAccessRole',
    ]);
    expect(report.unmatchedExemptions).toEqual([{ account: 'acme-prod', entry: 'stacksets-exec-*', type: 'role' }]);
  });

  it('lists roles the account catalog exempts, by name or by pattern, as known unmanaged instead of shadows', async () => {
    const prod = server('acme-prod');
    const assumedByOrganizations = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::999988887777:root' }, Action: 'sts:AssumeRole' }] };
    prod.addRole({ name: 'stacksets-exec-3f6a9c2e8b1d4f70a5c6e2b9d8f1a0c4', trustPolicy: assumedByOrganizations, createDate: '2025-03-01T00:00:00Z' });
    prod.addRole({ name: 'AWSControlTowerExecution', trustPolicy: assumedByOrganizations, createDate: '2025-03-01T00:00:00Z' });

    const { code, report } = await reconcileJson();

    expect(code).toBe(1);
    // Not exempt: still a shadow.
    expect(report.findings.map((finding) => [finding.kind, finding.account, finding.resource.name])).toEqual([['shadow', 'acme-prod', 'AWSControlTowerExecution']]);
    expect(report.summary.knownUnmanaged).toBe(4);
    expect(report.knownUnmanaged.filter((known) => known.account === 'acme-prod')).toEqual([
      {
        account: 'acme-prod',
        type: 'role',
        name: 'OrganizationAccountAccessRole',
        arn: 'arn:aws:iam::111122223333:role/OrganizationAccountAccessRole',
        entry: 'OrganizationAccountAccessRole',
        reason: "Created by AWS Organizations with the account; the platform team's break-glass administrator access",
        owner: '@acme/platform',
      },
      {
        account: 'acme-prod',
        type: 'role',
        name: 'stacksets-exec-3f6a9c2e8b1d4f70a5c6e2b9d8f1a0c4',
        arn: 'arn:aws:iam::111122223333:role/stacksets-exec-3f6a9c2e8b1d4f70a5c6e2b9d8f1a0c4',
        entry: 'stacksets-exec-*',
        reason: "Execution roles of the organisation's service-managed CloudFormation StackSets (guardrails, log shipping)",
        owner: '@acme/platform',
      },
    ]);
    expect(report.unmatchedExemptions).toEqual([]);

    // Auditors still see them, with the entry that exempts each one.
    const text = await runCli(['reconcile', '--root', state.root, '--today', TODAY, ...endpoints()], { cwd: state.root });
    expect(text.stdout).toContain(
      [
        'Known unmanaged (4), exempt by the unmanaged entries of catalog/accounts.yaml:',
        "  acme-dev  role OrganizationAccountAccessRole: Created by AWS Organizations with the account; the platform team's break-glass administrator access  [@acme/platform]",
        "  acme-prod  role OrganizationAccountAccessRole: Created by AWS Organizations with the account; the platform team's break-glass administrator access  [@acme/platform]",
        "  acme-prod  role stacksets-exec-3f6a9c2e8b1d4f70a5c6e2b9d8f1a0c4 (stacksets-exec-*): Execution roles of the organisation's service-managed CloudFormation StackSets (guardrails, log shipping)  [@acme/platform]",
      ].join('\n'),
    );
    expect(text.stdout).toContain('1 finding(s) (1 shadow) in 3 of 3 account(s) read. 4 known unmanaged.\n');
    const markdown = await runCli(['reconcile', '--root', state.root, '--today', TODAY, '--format', 'markdown', ...endpoints()], { cwd: state.root });
    expect(markdown.stdout).toContain('## Known unmanaged (4)');
    expect(markdown.stdout).toContain('| acme-prod | role `stacksets-exec-3f6a9c2e8b1d4f70a5c6e2b9d8f1a0c4` | `stacksets-exec-*` | Execution roles');
  });

  it('exempts only the type an entry names, never a role that carries Gatehouse\'s marks, and routes a stale key of an exempt user to the entry\'s owner', async () => {
    const catalog = join(state.root, 'catalog/accounts.yaml');
    const accounts = await readFile(catalog, 'utf8');
    const devEntries = '    secretRotationLambda: arn:aws:lambda:eu-west-1:333344445555:function:gatehouse-secret-rotator\n    unmanaged:\n';
    expect(accounts).toContain(devEntries);
    await writeFile(
      catalog,
      accounts.replace(devEntries, `${devEntries}      - { name: Break-Glass-*, type: user, reason: "Sealed break-glass users, INC-1042", owner: "@acme/data" }\n      - { name: legacy-*, reason: Decommissioned with the old data platform in Q1 }\n`),
    );
    const dev = server('acme-dev');
    const nobody = { Version: '2012-10-17', Statement: [] };
    // Matched case-insensitively, as IAM compares names; its old key is still a finding, for @acme/data.
    dev.addUser({ name: 'break-glass-ops', accessKeys: [{ id: 'AKIABREAKGLASS000001', status: 'Active', createDate: '2025-06-01T00:00:00Z' }] });
    // The user-only entry does not cover a role of a matching name.
    dev.addRole({ name: 'break-glass-role', trustPolicy: nobody });
    // Looks like a Gatehouse identity without a file: never hidden by a pattern.
    dev.addRole({ name: 'legacy-copy', path: '/gatehouse/', trustPolicy: nobody, tags: { 'gatehouse:identity': 'legacy-copy' } });
    dev.addRole({ name: 'legacy-etl', trustPolicy: nobody });

    const { report } = await reconcileJson('--account', 'acme-dev');

    expect(report.findings.map((finding) => [finding.kind, finding.resource.name, finding.owner])).toEqual([
      ['shadow', 'break-glass-role', '@acme/security'],
      ['shadow', 'legacy-copy', '@acme/security'],
      ['stale-key', 'break-glass-ops/AKIA…0001', '@acme/data'],
    ]);
    expect(report.knownUnmanaged.map((known) => [known.type, known.name, known.entry])).toEqual([
      ['role', 'legacy-etl', 'legacy-*'],
      ['role', 'OrganizationAccountAccessRole', 'OrganizationAccountAccessRole'],
      ['user', 'break-glass-ops', 'Break-Glass-*'],
    ]);
  });

  it('refuses an unmanaged entry without a reason, or one that would exempt everything, pointing at the line', async () => {
    const catalog = join(state.root, 'catalog/accounts.yaml');
    const accounts = await readFile(catalog, 'utf8');
    const stagingEntries = '    secretRotationLambda: arn:aws:lambda:us-east-1:222233334444:function:gatehouse-secret-rotator\n    unmanaged:\n';
    expect(accounts).toContain(stagingEntries);
    await writeFile(catalog, accounts.replace(stagingEntries, `${stagingEntries}      - { name: "*", reason: everything }\n      - { name: ci-runner }\n`));

    const run = await runCli(['reconcile', '--root', state.root, '--today', TODAY, ...endpoints()], { cwd: state.root });

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('  catalog/accounts.yaml:41: "accounts.acme-staging.unmanaged.0.name": a pattern of only * would exempt every role and user: name the roles\n');
    expect(run.stderr).toContain('  catalog/accounts.yaml:42: missing required field "reason" (string)\n');
    expect([...state.accounts.values()].every(({ server: account }) => account.requests.length === 0)).toBe(true);
  });

  it('reports a shadow role, owned by the security team, and exits 1', async () => {
    server('acme-prod').addRole({
      name: 'legacy-batch',
      trustPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
      attachedPolicies: ['arn:aws:iam::aws:policy/AdministratorAccess'],
      createDate: '2025-02-01T00:00:00Z',
      lastUsed: { date: '2026-11-01T00:00:00Z' },
    });

    const { code, report } = await reconcileJson();

    expect(code).toBe(1);
    expect(report.findings).toEqual([
      expect.objectContaining({ kind: 'shadow', account: 'acme-prod', resource: expect.objectContaining({ type: 'role', name: 'legacy-batch' }), owner: '@acme/security' }),
    ]);
    expect(report.findings[0]?.message).toContain('is not managed by Gatehouse; last used 2026-11-01');
  });

  it('reports a drifted trust policy with the statement that changed', async () => {
    // Someone widened the IRSA trust of payments-api to every service account of the namespace.
    const issuer = 'oidc.eks.us-east-1.amazonaws.com/id/5C0F1E2D3B4A69788766554433221100';
    server('acme-prod').addRole({
      ...unchangedRole(state.repository, 'payments-api'),
      trustPolicy: {
        Version: '2012-10-17',
        Statement: [{
          Effect: 'Allow',
          Principal: { Federated: `arn:aws:iam::111122223333:oidc-provider/${issuer}` },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: { StringLike: { [`${issuer}:sub`]: 'system:serviceaccount:payments:*' }, StringEquals: { [`${issuer}:aud`]: 'sts.amazonaws.com' } },
        }],
      },
    });

    const { code, report } = await reconcileJson();

    expect(code).toBe(1);
    expect(report.findings).toHaveLength(1);
    const [drift] = report.findings;
    expect(drift).toMatchObject({ kind: 'drift', account: 'acme-prod', identity: 'payments-api', owner: '@acme/payments' });
    expect(drift?.details).toEqual([
      expect.stringMatching(/^trust policy: missing .*system:serviceaccount:payments:payments-api/),
      expect.stringMatching(/^trust policy: not declared .*StringLike.*system:serviceaccount:payments:\*/),
    ]);
  });

  it('reports a policy attached outside Gatehouse as drift of that identity', async () => {
    const prod = server('acme-prod');
    prod.addRole({
      ...unchangedRole(state.repository, 'payments-deployer'),
      attachedPolicies: ['arn:aws:iam::aws:policy/AdministratorAccess'],
    });

    const { code, report } = await reconcileJson();

    expect(code).toBe(1);
    expect(report.findings).toEqual([expect.objectContaining({ kind: 'drift', identity: 'payments-deployer', owner: '@acme/payments' })]);
    expect(report.findings[0]?.details).toEqual(['policy arn:aws:iam::aws:policy/AdministratorAccess was attached outside Gatehouse']);
  });

  it('reports an expired identity whose role is still live, with its owner', async () => {
    const file = join(state.root, 'identities/platform/platform-notifier.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace('expires: 2027-08-31', 'expires: 2026-11-20'));

    const { code, report } = await reconcileJson();

    expect(code).toBe(1);
    expect(report.findings).toEqual([
      expect.objectContaining({
        kind: 'expired-present',
        account: 'acme-prod',
        resource: expect.objectContaining({ type: 'role', name: 'platform-notifier' }),
        identity: 'platform-notifier',
        owner: '@acme/platform',
        message: 'platform-notifier expired on 2026-11-20 but its role platform-notifier still exists',
      }),
    ]);
  });

  it('reports an access key older than its rotation period and one unused for 90 days, never printing a key id in full', async () => {
    const dev = server('acme-dev');
    dev.addUser({
      ...unchangedUser(state.repository, 'data-legacy-export'),
      accessKeys: [
        // data-legacy-export rotates every 30d: this key is 55 days old.
        { id: 'AKIAOLDKEY0000000001', createDate: '2026-10-01T00:00:00Z', lastUsed: { date: '2026-11-24T00:00:00Z' } },
        // Young enough, but nobody used it since August.
        { id: 'AKIAIDLEKEY000000002', createDate: '2026-11-01T00:00:00Z', lastUsed: { date: '2026-08-01T00:00:00Z' } },
        { id: 'AKIAOFFKEY0000000003', status: 'Inactive', createDate: '2025-01-01T00:00:00Z' },
      ],
    });

    const { code, report, stdout } = await reconcileJson();

    expect(code).toBe(1);
    expect(report.findings.map((finding) => [finding.kind, finding.resource.name, finding.owner])).toEqual([
      ['stale-key', 'data-legacy-export/AKIA…0001', '@acme/data'],
      ['stale-key', 'data-legacy-export/AKIA…0002', '@acme/data'],
    ]);
    expect(report.findings[0]?.message).toContain('55 days old, beyond its 30-day rotation period');
    expect(report.findings[1]?.message).toContain('last used 2026-08-01, 116 days ago (over 90)');
    expect(stdout).not.toContain('AKIAOLDKEY0000000001');
  });

  it('reports an unreachable account and still reconciles the others: exit 3 (partial)', async () => {
    await takeDown('acme-staging');
    server('acme-prod').addRole({ name: 'console-made', trustPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] } });

    const started = Date.now();
    const { code, report, stderr } = await reconcileJson();

    expect(code).toBe(3);
    expect(report.partial).toBe(true);
    expect(report.accounts.find((account) => account.key === 'acme-staging')).toMatchObject({ status: 'unreachable', error: expect.stringMatching(/^Account acme-staging \(222233334444\): unreachable while assuming .*connection refused/) });
    expect(report.findings.map((finding) => [finding.kind, finding.resource.name])).toEqual([['shadow', 'console-made']]);
    expect(stderr).toContain('gatehouse reconcile: Account acme-staging (222233334444): unreachable');
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('with every account it tried unreachable, it is a failure (exit 2), not a partial run', async () => {
    // Port 9 (discard) refuses connections on loopback: the one account asked for cannot be read.
    const args = ['reconcile', '--root', state.root, '--today', TODAY, '--format', 'json', '--account', 'acme-staging', '--endpoint', 'http://127.0.0.1:9'];
    const { code, stdout, stderr } = await runCli(args, { cwd: state.root });
    expect(code).toBe(2);
    expect((JSON.parse(stdout) as { accounts: { status: string }[] }).accounts.map((account) => account.status)).toEqual(['unreachable']);
    expect(stderr).toContain('gatehouse reconcile: no account could be read (1 tried): nothing was compared');
    // Each error once: the account's error is on stderr for JSON, and only there.
    expect(stderr.split('Account acme-staging (222233334444)').length - 1).toBe(1);
  });

  it('reports unused roles and secrets whose rotation is off or overdue', async () => {
    const prod = server('acme-prod');
    prod.addRole({ ...unchangedRole(state.repository, 'platform-notifier'), lastUsed: { date: '2026-07-01T00:00:00Z' } });
    const webhookSecret = unchangedSecret(state.repository, 'payments-webhook', 'payments/stripe-webhook-key');
    prod.addSecret({ ...webhookSecret, rotationEnabled: true, rotationDays: 30, lastRotated: '2026-09-01T00:00:00Z' });
    prod.addSecret({ name: 'team-x/db-password', rotationEnabled: false, createdDate: '2026-01-01T00:00:00Z' });

    const { report } = await reconcileJson();

    expect(report.findings.map((finding) => [finding.kind, finding.resource.name, finding.owner])).toEqual([
      ['unused', 'platform-notifier', '@acme/platform'],
      ['secret-rotation', 'payments/stripe-webhook-key', '@acme/payments'],
      ['secret-rotation', 'team-x/db-password', '@acme/security'],
    ]);
    expect(report.findings[0]?.message).toBe('role platform-notifier last used 2026-07-01, 147 days ago (policy: 90)');
    expect(report.findings[1]?.message).toContain('last rotated 2026-09-01, 85 days ago: rotation is overdue (period 30 days)');
    expect(report.findings[2]?.message).toContain('rotation is off (expected every 90 days)');
  });

  it('limits the run to --account and rejects an unknown one with a suggestion', async () => {
    server('acme-dev').addRole({ name: 'dev-shadow', trustPolicy: { Version: '2012-10-17', Statement: [] } });
    server('acme-prod').addRole({ name: 'prod-shadow', trustPolicy: { Version: '2012-10-17', Statement: [] } });

    const scoped = await reconcileJson('--account', 'acme-prod');
    expect(scoped.report.accounts.map((account) => account.key)).toEqual(['acme-prod']);
    expect(scoped.report.findings.map((finding) => finding.resource.name)).toEqual(['prod-shadow']);

    const typo = await runCli(['reconcile', '--root', state.root, '--today', TODAY, '--account', 'acme-prd', ...endpoints()], { cwd: state.root });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('unknown account "acme-prd": use a key of catalog/accounts.yaml. Did you mean "acme-prod"?');
  });

  it('reports a declared identity that was never applied, and leaves out one synth cannot render', async () => {
    const api = join(state.root, 'identities/payments/payments-api.yaml');
    await writeFile(api, (await readFile(api, 'utf8')).replace('cluster: prod-main', 'cluster: prod-mian'));
    const notifier = await readFile(join(state.root, 'identities/platform/platform-notifier.yaml'), 'utf8');
    await writeFile(join(state.root, 'identities/platform/platform-reporter.yaml'), notifier.replaceAll('platform-notifier', 'platform-reporter'));

    const { code, report, stdout } = await reconcileJson();

    expect(code).toBe(1);
    // payments-api still exists live, but its file cannot be rendered: not a shadow, not compared.
    expect(report.findings.map((finding) => [finding.kind, finding.resource.name])).toEqual([['missing', 'platform-reporter']]);
    expect(JSON.parse(stdout).notes).toEqual([expect.stringContaining('payments-api is not compared: synth cannot render it (cluster "prod-mian" is not an EKS cluster')]);
  });

  it('prints the run as markdown for the job summary', async () => {
    server('acme-prod').addRole({ name: 'legacy|batch', trustPolicy: { Version: '2012-10-17', Statement: [] } });

    const run = await runCli(['reconcile', '--root', state.root, '--today', TODAY, '--format', 'markdown', ...endpoints()], { cwd: state.root });

    expect(run.code).toBe(1);
    expect(run.stdout.startsWith('# Reconcile — 2026-11-25\n\n1 finding(s) (1 shadow) in 3 of 3 account(s) read. 3 known unmanaged.\n')).toBe(true);
    expect(run.stdout).toContain('| acme-prod | 111122223333 | read |');
    expect(run.stdout).toContain('## Shadow identity: an IAM role or user no identity file declares (1)');
    expect(run.stdout).toContain('| acme-prod | role `legacy\\|batch` | — | role legacy\\|batch (path /) is not managed by Gatehouse;');
  });

  it('refuses to reconcile when an identity file does not load, pointing at file and line', async () => {
    await writeFile(join(state.root, 'identities/payments/broken.yaml'), 'apiVersion: gatehouse/v1\nkind: Identity\nmetadata: { name: broken }\nspec:\n  account: acme-prod\n  expries: 2027-01-01\n');

    const run = await runCli(['reconcile', '--root', state.root, '--today', TODAY, ...endpoints()], { cwd: state.root });

    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/reconcile stopped: 1 file\(s\) could not be loaded/);
    expect(run.stderr).toMatch(/identities\/payments\/broken\.yaml:\d+: /);
    // AWS is read while the files load (issue 15), but nothing is reported and nothing is written.
    expect(run.stdout).toBe('');
    const actions = server('acme-prod').requests.map((request) => request.action);
    expect(actions.filter((action) => !/^(Get|List|AssumeRole$)/.test(action))).toEqual([]);
  });
});

// ---- the applied shape of one identity, to re-add it with one thing changed ----------------------

function desiredIdentity(repo: Repository, name: string) {
  const account = repo.identities.find((identity) => identity.doc.metadata.name === name)!.doc.spec.account;
  const desired = desiredAccount(repo, account, TODAY);
  return [...desired.roles, ...desired.users].find((identity) => identity.name === name)!;
}

function unchangedRole(repo: Repository, name: string) {
  const role = desiredIdentity(repo, name);
  if (role.type !== 'role') throw new Error(`${name} is not a role`);
  return appliedRole(role);
}

function unchangedUser(repo: Repository, name: string) {
  const user = desiredIdentity(repo, name);
  if (user.type !== 'user') throw new Error(`${name} is not a user`);
  return appliedUser(user);
}

function unchangedSecret(repo: Repository, owner: string, name: string) {
  return appliedSecret(desiredIdentity(repo, owner).secrets.find((candidate) => candidate.name === name)!);
}
