/**
 * `gatehouse setup-github` through the CLI against the local GitHub API server: what it sends,
 * what GitHub then holds, and that it never loosens what an organisation already set.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { APP_KEY_ENVIRONMENT, APP_KEY_SECRET, APPLY_ENVIRONMENTS } from '../../src/app/setup-github.js';
import { startGitHubServer, type GitHubTestServer } from '../support/github-server.js';
import { runCli } from '../cli/run-cli.js';

let server: GitHubTestServer;
let securityTeam: number;
beforeEach(async () => {
  server = await startGitHubServer();
  securityTeam = server.addTeam('acme', 'security');
});
afterEach(() => server.close());

const setup = (args: string[], env: Record<string, string> = {}) =>
  runCli(['setup-github', '--repo', 'acme/gatehouse', ...args], {
    cwd: '/',
    env: { GITHUB_TOKEN: 'test-token', GITHUB_API_URL: server.url, GATEHOUSE_GITHUB_SPACE_WRITES: 'false', ...env },
  });
const pinned = ['--app-id', '31337', '--prod-reviewers', '@acme/security'];
const writes = () => server.requests.filter((request) => request.method !== 'GET');

/** Protection as Gatehouse leaves it, in the PUT body shape the server stores. */
const GATEHOUSE_PROTECTION = {
  required_status_checks: { strict: true, checks: [{ context: 'gatehouse/lint', app_id: 31337 }, { context: 'gatehouse/approvals', app_id: 31337 }] },
  enforce_admins: true,
  required_pull_request_reviews: { required_approving_review_count: 1, require_code_owner_reviews: true, dismiss_stale_reviews: true, require_last_push_approval: true },
  restrictions: null,
  required_linear_history: false,
  allow_force_pushes: false,
  allow_deletions: false,
  required_conversation_resolution: false,
  block_creations: false,
  lock_branch: false,
  allow_fork_syncing: false,
};

describe('gatehouse setup-github: branch protection', () => {
  it('protects an unprotected branch with the checks pinned to the configured App, and prints every change', async () => {
    const run = await setup(pinned);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      [
        'Branch protection of main created:',
        '  required status checks: none → gatehouse/lint (app 31337), gatehouse/approvals (app 31337)',
        '  require branches to be up to date: false → true',
        '  required approvals: 0 → 1',
        '  require code owner review: false → true',
        '  dismiss stale approvals on push: false → true',
        '  require approval of the last push: false → true',
        '  enforce for administrators: false → true',
        '',
      ].join('\n'),
    );
    expect(server.protections.get('main')).toEqual(GATEHOUSE_PROTECTION);
    expect(run.stderr).toBe(`warning: the ${APP_KEY_ENVIRONMENT} environment has no ${APP_KEY_SECRET} secret yet: store the App's private key there, so the approval gate can run\n`);
  });

  it('refuses to run without an App id from configuration, and sends nothing', async () => {
    const run = await setup(['--prod-reviewers', '@acme/security']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('pass --app-id N (or set GATEHOUSE_APP_ID)');
    expect(server.requests).toHaveLength(0);
  });

  it('does not trust a pin GitHub chose itself: an auto-pinned gatehouse check moves to the configured App', async () => {
    // GitHub pinned gatehouse/approvals to the App that first published it: GitHub Actions (15368),
    // which every workflow's GITHUB_TOKEN acts as.
    server.protections.set('main', { ...GATEHOUSE_PROTECTION, required_status_checks: { strict: true, checks: [{ context: 'gatehouse/lint', app_id: 15368 }, { context: 'gatehouse/approvals', app_id: 15368 }] } });

    expect((await setup(['--prod-reviewers', '@acme/security'])).code).toBe(2);
    const run = await setup(pinned);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('  required status checks: gatehouse/lint (app 15368), gatehouse/approvals (app 15368) → gatehouse/lint (app 31337), gatehouse/approvals (app 31337)\n');
    expect(server.protections.get('main')).toMatchObject({ required_status_checks: GATEHOUSE_PROTECTION.required_status_checks });
  });

  it('never loosens stricter existing protection: push restrictions, linear history, approvals and other checks stay', async () => {
    server.addBranch('release');
    const stricter = {
      required_status_checks: { strict: true, checks: [{ context: 'build', app_id: 15368 }] },
      enforce_admins: false,
      required_pull_request_reviews: {
        required_approving_review_count: 2,
        require_code_owner_reviews: true,
        dismiss_stale_reviews: true,
        require_last_push_approval: true,
        dismissal_restrictions: { users: ['lead'], teams: ['security'], apps: [] },
      },
      restrictions: { users: ['release-bot'], teams: ['security'], apps: [] },
      required_linear_history: true,
      allow_force_pushes: true,
      allow_deletions: false,
      required_conversation_resolution: true,
      block_creations: true,
      lock_branch: false,
      allow_fork_syncing: false,
    };
    server.protections.set('release', stricter);

    const run = await setup(['--branch', 'release', ...pinned]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      [
        'Branch protection of release changed:',
        '  required status checks: build (app 15368) → build (app 15368), gatehouse/lint (app 31337), gatehouse/approvals (app 31337)',
        '  enforce for administrators: false → true',
        '  allow force pushes: true → false',
        '',
      ].join('\n'),
    );
    expect(server.protections.get('release')).toEqual({
      ...stricter,
      required_status_checks: { strict: true, checks: [{ context: 'build', app_id: 15368 }, { context: 'gatehouse/lint', app_id: 31337 }, { context: 'gatehouse/approvals', app_id: 31337 }] },
      enforce_admins: true,
      allow_force_pushes: false,
    });
  });

  it('changes nothing on a second run, and sends nothing', async () => {
    expect((await setup(pinned)).code).toBe(0);
    const before = writes().length;
    const second = await setup(pinned);
    expect(second.code).toBe(0);
    expect(second.stdout).toBe(`Already as Gatehouse needs: Branch protection of main; ${[...APPLY_ENVIRONMENTS, APP_KEY_ENVIRONMENT, 'gatehouse-rotate'].map((name) => `Environment ${name}`).join('; ')}.\n`);
    expect(writes()).toHaveLength(before);
  });

  it('reads everything back after writing, and fails when GitHub did not keep a setting', async () => {
    server.storeProtection = (body) => ({ ...body, enforce_admins: false });
    const run = await setup(pinned);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('error: Branch protection of main: GitHub did not keep what was written (enforce for administrators: false, wanted true)');
  });

  it('sends nothing on a dry run', async () => {
    const run = await setup(['--dry-run', ...pinned]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Branch protection of main would be created \(dry run, nothing sent\):\n {2}required status checks: none → gatehouse\/lint \(app 31337\), gatehouse\/approvals \(app 31337\)\n/);
    expect(run.stdout).toContain('Environment prod would be created (dry run, nothing sent):');
    expect(writes()).toEqual([]);
  });

  it('refuses an App id that is not a number', async () => {
    const run = await setup(['--app-id', 'Iv1.25b5d1e65ffc4022']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--app-id takes the numeric id of the GitHub App (its settings page shows "App ID"), not "Iv1.25b5d1e65ffc4022"');
    expect(server.requests).toHaveLength(0);
  });

  it('explains a token without admin rights', async () => {
    server.failNext(403, 'Resource not accessible by integration');
    const run = await setup(pinned);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('changing branch protection needs repository admin rights');
  });
});

describe('gatehouse setup-github: deployment environments', () => {
  it('creates every apply environment, the App key and the key rotation environments, deploying from main only, prod reviewed by someone else', async () => {
    const run = await setup(pinned);
    expect(run.code).toBe(0);
    expect([...server.environments.values()].map((environment) => environment.name).sort()).toEqual([...APPLY_ENVIRONMENTS, APP_KEY_ENVIRONMENT, 'gatehouse-rotate'].sort());
    for (const environment of server.environments.values()) {
      expect(environment.deploymentBranchPolicy, environment.name).toEqual({ protected_branches: false, custom_branch_policies: true });
      expect(environment.branchPolicies.map(({ name, type }) => ({ name, type })), environment.name).toEqual([{ name: 'main', type: 'branch' }]);
    }
    expect(server.environments.get('prod')).toMatchObject({ reviewers: [{ type: 'Team', id: securityTeam }], preventSelfReview: true });
    expect(server.environments.get(APP_KEY_ENVIRONMENT)).toMatchObject({ reviewers: [], preventSelfReview: false });
    expect(run.stdout).toContain(
      ['Environment prod created:', '  exists: false → true', '  deploys from: any branch or tag → branch main', '  required reviewers: none → @acme/security', '  prevent self-review: false → true', ''].join('\n'),
    );
  });

  it('tightens looser existing environments to main only, keeping reviewers and the wait timer already there', async () => {
    const platform = server.addTeam('acme', 'platform');
    const prod = server.addEnvironment('prod', { reviewers: [{ type: 'Team', id: platform }], waitTimer: 30, deploymentBranchPolicy: { protected_branches: false, custom_branch_policies: true } });
    prod.branchPolicies.push({ id: 1, name: 'main', type: 'branch' }, { id: 2, name: 'release/*', type: 'branch' }, { id: 3, name: 'v*', type: 'tag' });
    server.addEnvironment('staging', { deploymentBranchPolicy: { protected_branches: true, custom_branch_policies: false } });

    const run = await setup(pinned);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      [
        'Environment prod changed:',
        '  deploys from: branch main, branch release/*, tag v* → branch main',
        '  required reviewers: @acme/platform → @acme/platform, @acme/security',
        '  prevent self-review: false → true',
        '',
      ].join('\n'),
    );
    expect(run.stdout).toContain('Environment staging changed:\n  deploys from: any protected branch → branch main\n');
    expect(server.environments.get('prod')).toMatchObject({ waitTimer: 30, reviewers: [{ type: 'Team', id: platform }, { type: 'Team', id: securityTeam }], branchPolicies: [{ id: 1, name: 'main', type: 'branch' }] });
    expect(server.environments.get('staging')!.branchPolicies.map((policy) => policy.name)).toEqual(['main']);
  });

  it('fails when prod would have no reviewer, yet still restricts it to main', async () => {
    const run = await setup(['--app-id', '31337']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('error: Environment prod has no required reviewers, so a prod apply needs nobody\'s approval: pass --prod-reviewers @org/team');
    expect(server.environments.get('prod')!.branchPolicies.map((policy) => policy.name)).toEqual(['main']);
  });

  it('fails while the App key is a repository secret that any branch can read', async () => {
    server.repositorySecrets.add(APP_KEY_SECRET);
    server.addEnvironment(APP_KEY_ENVIRONMENT).secrets.add(APP_KEY_SECRET);
    const run = await setup(pinned);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `error: ${APP_KEY_SECRET} is a repository secret: a workflow pushed on any branch can read it, mint the App's token and publish a green gatehouse/approvals. Store it as a secret of the ${APP_KEY_ENVIRONMENT} environment and delete the repository secret\n`,
    );
  });
});
