import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startGitHubServer, type GitHubTestServer } from '../support/github-server.js';
import { runCli } from '../cli/run-cli.js';

let server: GitHubTestServer;
beforeEach(async () => {
  server = await startGitHubServer();
});
afterEach(() => server.close());

const setup = (...args: string[]) =>
  runCli(['setup-github', '--repo', 'acme/gatehouse', ...args], { cwd: '/', env: { GITHUB_TOKEN: 'test-token', GITHUB_API_URL: server.url, GATEHOUSE_GITHUB_SPACE_WRITES: 'false' } });

describe('gatehouse setup-github', () => {
  it('protects an unprotected branch, prints every setting it changed, and warns that checks required by name can be spoofed', async () => {
    const run = await setup();
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      [
        'Branch protection of main changed:',
        '  required status checks: none → gatehouse/lint, gatehouse/approvals',
        '  require branches to be up to date: false → true',
        '  required approvals: 0 → 1',
        '  require code owner review: false → true',
        '  dismiss stale approvals on push: false → true',
        '  require approval of the last push: false → true',
        '  enforce for administrators: false → true',
        '',
      ].join('\n'),
    );
    expect(run.stderr).toBe(
      [
        'warning: gatehouse/lint and gatehouse/approvals are required by name only, not pinned to a GitHub App:',
        '  any workflow in a same-repository pull request can publish a check of that name and satisfy the gate.',
        '  Pin the gatehouse checks to the App that runs the approval gate: --app-id N (or GATEHOUSE_APP_ID).',
        '',
      ].join('\n'),
    );
    expect(server.protections.get('main')).toEqual({
      required_status_checks: { strict: true, checks: [{ context: 'gatehouse/lint' }, { context: 'gatehouse/approvals' }] },
      enforce_admins: true,
      required_pull_request_reviews: { required_approving_review_count: 1, require_code_owner_reviews: true, dismiss_stale_reviews: true, require_last_push_approval: true },
      restrictions: null,
    });
  });

  it('keeps stricter existing settings and other required checks, and changes nothing twice', async () => {
    server.addBranch('release');
    server.protections.set('release', {
      required_status_checks: { strict: true, contexts: ['build'] },
      enforce_admins: false,
      required_pull_request_reviews: { required_approving_review_count: 2, require_code_owner_reviews: true, dismiss_stale_reviews: true, require_last_push_approval: true },
      restrictions: null,
    });

    const first = await setup('--branch', 'release');
    expect(first.stdout).toBe(['Branch protection of release changed:', '  required status checks: build → build, gatehouse/lint, gatehouse/approvals', '  enforce for administrators: false → true', ''].join('\n'));
    expect(server.protections.get('release')).toMatchObject({ required_pull_request_reviews: { required_approving_review_count: 2 } });

    const second = await setup('--branch', 'release');
    expect(second.stdout).toBe('release is already protected as Gatehouse needs: nothing to change.\n');
    expect(server.requests.filter((request) => request.method === 'PUT')).toHaveLength(1);
  });

  it('pins both gatehouse checks to the App given by --app-id, and leaves other checks as they are', async () => {
    server.protections.set('main', {
      required_status_checks: { strict: true, checks: [{ context: 'build', app_id: 15368 }, { context: 'gatehouse/lint' }, { context: 'gatehouse/approvals' }] },
      enforce_admins: true,
      required_pull_request_reviews: { required_approving_review_count: 1, require_code_owner_reviews: true, dismiss_stale_reviews: true, require_last_push_approval: true },
      restrictions: null,
    });

    const run = await setup('--app-id', '31337');
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(
      [
        'Branch protection of main changed:',
        '  required status checks: build (app 15368), gatehouse/lint, gatehouse/approvals → build (app 15368), gatehouse/lint (app 31337), gatehouse/approvals (app 31337)',
        '',
      ].join('\n'),
    );
    expect(server.protections.get('main')).toMatchObject({
      required_status_checks: {
        strict: true,
        checks: [
          { context: 'build', app_id: 15368 },
          { context: 'gatehouse/lint', app_id: 31337 },
          { context: 'gatehouse/approvals', app_id: 31337 },
        ],
      },
    });

    // GitHub answers the pin back, so neither a second run nor one without --app-id changes or unpins anything.
    expect((await setup('--app-id', '31337')).stdout).toBe('main is already protected as Gatehouse needs: nothing to change.\n');
    const withoutAppId = await setup();
    expect(withoutAppId.stdout).toBe('main is already protected as Gatehouse needs: nothing to change.\n');
    expect(withoutAppId.stderr).toBe('');
    expect(server.requests.filter((request) => request.method === 'PUT')).toHaveLength(1);
  });

  it('moves the pin when another App id is given', async () => {
    await setup('--app-id', '31337');
    const run = await setup('--app-id', '4242');
    expect(run.stdout).toContain('gatehouse/lint (app 31337), gatehouse/approvals (app 31337) → gatehouse/lint (app 4242), gatehouse/approvals (app 4242)');
    expect(server.protections.get('main')).toMatchObject({
      required_status_checks: { checks: [{ context: 'gatehouse/lint', app_id: 4242 }, { context: 'gatehouse/approvals', app_id: 4242 }] },
    });
  });

  it('refuses an App id that is not a number', async () => {
    const run = await setup('--app-id', 'Iv1.25b5d1e65ffc4022');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--app-id takes the numeric id of the GitHub App (its settings page shows "App ID"), not "Iv1.25b5d1e65ffc4022"');
    expect(server.requests).toHaveLength(0);
  });

  it('sends nothing on a dry run', async () => {
    const run = await setup('--dry-run');
    expect(run.stdout).toMatch(/^Branch protection of main would change \(dry run, nothing sent\):\n {2}required status checks: none → gatehouse\/lint, gatehouse\/approvals\n/);
    expect(server.requests.map((request) => request.method)).toEqual(['GET']);
  });

  it('shows the App pin on a dry run', async () => {
    const run = await setup('--dry-run', '--app-id', '31337');
    expect(run.stdout).toContain('  required status checks: none → gatehouse/lint (app 31337), gatehouse/approvals (app 31337)\n');
    expect(run.stderr).toBe('');
    expect(server.requests.map((request) => request.method)).toEqual(['GET']);
  });

  it('explains a token without admin rights', async () => {
    server.failNext(403, 'Resource not accessible by integration');
    const run = await setup();
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('changing branch protection needs repository admin rights');
  });
});
