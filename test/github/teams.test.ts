import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GitHubClient } from '../../src/adapters/github/github-client.js';
import { createOctokit, describeGitHubError } from '../../src/adapters/github/octokit.js';
import { startGitHubServer, type GitHubTestServer } from '../support/github-server.js';

let server: GitHubTestServer;
let github: GitHubClient;

beforeEach(async () => {
  server = await startGitHubServer();
  const octokit = createOctokit({ token: 'test-token', baseUrl: server.url, warn: () => {} });
  github = new GitHubClient({ octokit, owner: server.owner, repo: server.repo });
});
afterEach(() => server.close());

describe('isActiveTeamMember', () => {
  it('counts an active membership', async () => {
    server.addTeamMember('acme', 'payments', 'alice', 'active');
    await expect(github.isActiveTeamMember('@acme/payments', 'alice')).resolves.toBe(true);
    expect(server.requests.map((request) => request.path)).toEqual(['/orgs/acme/teams/payments/memberships/alice']);
  });

  it('does not count a pending invitation', async () => {
    server.addTeamMember('acme', 'payments', 'bob', 'pending');
    await expect(github.isActiveTeamMember('@acme/payments', 'bob')).resolves.toBe(false);
  });

  it('treats 404 on the membership of a visible team as "not a member"', async () => {
    server.addTeamMember('acme', 'payments', 'alice');
    await expect(github.isActiveTeamMember('@acme/payments', 'mallory')).resolves.toBe(false);
    expect(server.requests.map((request) => [request.path, request.status])).toEqual([
      ['/orgs/acme/teams/payments/memberships/mallory', 404],
      ['/orgs/acme/teams/payments', 200],
    ]);
  });

  it('fails, with a fix, when the team itself cannot be read', async () => {
    const failure = await github.isActiveTeamMember('@acme/security', 'alice').catch((error: unknown) => error);

    expect(describeGitHubError(failure)).toBe(
      'Cannot read team membership of @acme/security (404 on GET /orgs/acme/teams/security): the team does not exist, or the token cannot see it — the default Actions GITHUB_TOKEN cannot read org teams; use a GitHub App installation token with Members: read',
    );
  });

  it('rejects a malformed team name before calling GitHub', async () => {
    await expect(github.isActiveTeamMember('@acme/pay ments', 'alice')).rejects.toThrow('Not a team name: "@acme/pay ments" (expected @org/team)');
    expect(server.requests).toHaveLength(0);
  });
});
