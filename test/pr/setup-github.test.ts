import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startGitHubServer, type GitHubTestServer } from '../support/github-server.js';
import { runCli } from '../cli/run-cli.js';

let server: GitHubTestServer;
beforeEach(async () => {
  server = await startGitHubServer();
});
afterEach(() => server.close());

const setup = (...args: string[]) =>
  runCli(['setup-github', '--repo', 'acme/gatehouse', ...args], { cwd: '/', env: { GITHUB_TOKEN: 'test-token', GITHUB_API_URL: server.url } });

describe('gatehouse setup-github', () => {
  it('protects an unprotected branch and prints every setting it changed', async () => {
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
    expect(server.protections.get('main')).toEqual({
      required_status_checks: { strict: true, contexts: ['gatehouse/lint', 'gatehouse/approvals'] },
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

  it('sends nothing on a dry run', async () => {
    const run = await setup('--dry-run');
    expect(run.stdout).toMatch(/^Branch protection of main would change \(dry run, nothing sent\):\n {2}required status checks: none → gatehouse\/lint, gatehouse\/approvals\n/);
    expect(server.requests.map((request) => request.method)).toEqual(['GET']);
  });

  it('explains a token without admin rights', async () => {
    server.failNext(403, 'Resource not accessible by integration');
    const run = await setup();
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('changing branch protection needs repository admin rights');
  });
});
