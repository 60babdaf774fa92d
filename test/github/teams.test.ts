import { describe, expect, it } from 'vitest';
import { describeGitHubError } from '../../src/adapters/github/octokit.js';
import { useGitHubServer } from '../support/github-fixture.js';

const fixture = useGitHubServer();

describe('isActiveTeamMember', () => {
  it('counts an active membership', async () => {
    fixture.server.addTeamMember('acme', 'payments', 'alice', 'active');
    await expect(fixture.github.isActiveTeamMember('@acme/payments', 'alice')).resolves.toBe(true);
    expect(fixture.server.requests.map((request) => request.path)).toEqual(['/orgs/acme/teams/payments/memberships/alice', '/orgs/acme/teams/payments/teams']);
  });

  it('does not count a pending invitation', async () => {
    fixture.server.addTeamMember('acme', 'payments', 'bob', 'pending');
    await expect(fixture.github.isActiveTeamMember('@acme/payments', 'bob')).resolves.toBe(false);
  });

  it('treats 404 on the membership of a visible team as "not a member"', async () => {
    fixture.server.addTeamMember('acme', 'payments', 'alice');
    await expect(fixture.github.isActiveTeamMember('@acme/payments', 'mallory')).resolves.toBe(false);
    expect(fixture.server.requests.map((request) => [request.path, request.status])).toEqual([
      ['/orgs/acme/teams/payments/memberships/mallory', 404],
      ['/orgs/acme/teams/payments', 200],
    ]);
  });

  it('fails, with a fix, when the team itself cannot be read', async () => {
    const failure = await fixture.github.isActiveTeamMember('@acme/security', 'alice').catch((error: unknown) => error);

    expect(describeGitHubError(failure)).toBe(
      'Cannot read team membership of @acme/security (404 on GET /orgs/acme/teams/security): the team does not exist, or the token cannot see it — the default Actions GITHUB_TOKEN cannot read org teams; use a GitHub App installation token with Members: read',
    );
  });

  it('rejects a malformed team name before calling GitHub', async () => {
    await expect(fixture.github.isActiveTeamMember('@acme/pay ments', 'alice')).rejects.toThrow('Not a team name: "@acme/pay ments" (expected @org/team)');
    expect(fixture.server.requests).toHaveLength(0);
  });
});

describe('isActiveTeamMember and child teams', () => {
  it('does not count a member of a child team (whom GitHub counts as a member) unless asked to', async () => {
    fixture.server.addTeam('acme', 'payments-oncall', 'payments');
    fixture.server.addTeamMember('acme', 'payments-oncall', 'olly');

    await expect(fixture.github.isActiveTeamMember('@acme/payments', 'olly')).resolves.toBe(false);
    await expect(fixture.github.isActiveTeamMember('@acme/payments', 'olly', { includeChildTeams: true })).resolves.toBe(true);
    // GitHub's own answer, which the default refuses to take at face value:
    expect(fixture.server.requests.find((request) => request.path === '/orgs/acme/teams/payments/memberships/olly')?.status).toBe(200);
  });

  it('does not count a member of a grandchild team either', async () => {
    fixture.server.addTeam('acme', 'payments-oncall', 'payments');
    fixture.server.addTeam('acme', 'payments-oncall-eu', 'payments-oncall');
    fixture.server.addTeamMember('acme', 'payments-oncall-eu', 'gina');
    await expect(fixture.github.isActiveTeamMember('@acme/payments', 'gina')).resolves.toBe(false);
  });

  it('counts a direct member of a team that has child teams', async () => {
    fixture.server.addTeam('acme', 'payments-oncall', 'payments');
    fixture.server.addTeamMember('acme', 'payments', 'alice');
    await expect(fixture.github.isActiveTeamMember('@acme/payments', 'alice')).resolves.toBe(true);
  });

  it('refuses, conservatively, someone in both the team and a child team: REST cannot tell the memberships apart', async () => {
    fixture.server.addTeam('acme', 'payments-oncall', 'payments');
    fixture.server.addTeamMember('acme', 'payments', 'bob');
    fixture.server.addTeamMember('acme', 'payments-oncall', 'bob');
    await expect(fixture.github.isActiveTeamMember('@acme/payments', 'bob')).resolves.toBe(false);
  });
});
