import { generateKeyPairSync } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { GitHubClient } from '../../src/adapters/github/github-client.js';
import { createOctokit, describeGitHubError, type GitHubConnectionOptions } from '../../src/adapters/github/octokit.js';
import { startGitHubServer, type GitHubServerOptions, type GitHubTestServer } from '../support/github-server.js';

let server: GitHubTestServer | undefined;
afterEach(() => server?.close());

async function connect(serverOptions: GitHubServerOptions = {}, clientOptions: GitHubConnectionOptions = {}) {
  server = await startGitHubServer(serverOptions);
  const warnings: string[] = [];
  const octokit = createOctokit({ token: 'test-token', baseUrl: server.url, warn: (line) => warnings.push(line), ...clientOptions });
  return { server, warnings, github: new GitHubClient({ octokit, owner: server.owner, repo: server.repo }) };
}

describe('authentication', () => {
  it('sends the token and explains a 401 without repeating it', async () => {
    const { server, github } = await connect({ token: 'the-right-token' }, { token: 'ghp_wrongwrongwrong' });
    const pull = server.addPull();

    const failure = await github.getPullRequest(pull).catch((error: unknown) => error);

    const message = describeGitHubError(failure);
    expect(message).toBe(
      `GitHub rejected the credentials (401 Bad credentials on GET /repos/acme/gatehouse/pulls/${pull}): set GITHUB_TOKEN to a valid, unexpired token, or check the GitHub App id, private key and installation id`,
    );
    expect(message).not.toContain('ghp_wrong');
    expect(server.requests).toHaveLength(1);
  });

  it('reads GITHUB_TOKEN and GITHUB_API_URL from the environment (GitHub Enterprise under /api/v3)', async () => {
    server = await startGitHubServer({ token: 'env-token', pathPrefix: '/api/v3' });
    const octokit = createOctokit({ env: { GITHUB_TOKEN: 'env-token', GITHUB_API_URL: `${server.url}/` } });
    const github = new GitHubClient({ octokit, owner: 'acme', repo: 'gatehouse' });
    const pull = server.addPull();
    for (let index = 0; index < 120; index++) server.addReview(pull, { reviewer: `user-${index}`, state: 'APPROVED' });

    await expect(github.listReviews(pull)).resolves.toHaveLength(120);

    expect(server.requests.map((request) => request.rawPath)).toEqual([
      `/api/v3/repos/acme/gatehouse/pulls/${pull}/reviews`,
      `/api/v3/repos/acme/gatehouse/pulls/${pull}/reviews`,
    ]);
  });

  it('refuses to start without credentials, saying how to provide them', () => {
    expect(() => createOctokit({ env: {} })).toThrow(/^No GitHub credentials: configure the GitHub App installation .*or set GITHUB_TOKEN to a token that can read team membership/);
  });

  it('authenticates as a GitHub App installation with a signed JWT', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    // GitHub hands out PKCS#1 PEMs; secrets often store them on one line with literal \n.
    const pem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString().replace(/\n/g, '\\n');
    server = await startGitHubServer({
      token: 'not-used',
      app: { appId: 4242, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), installationId: 77 },
    });
    const octokit = createOctokit({ baseUrl: server.url, app: { appId: 4242, privateKey: pem, installationId: 77 }, env: {} });
    const github = new GitHubClient({ octokit, owner: 'acme', repo: 'gatehouse' });
    server.addTeamMember('acme', 'security', 'alice');

    await expect(github.isActiveTeamMember('@acme/security', 'alice')).resolves.toBe(true);
    expect(server.requests.map((request) => [request.method, request.path, request.status])).toEqual([
      ['POST', '/app/installations/77/access_tokens', 201],
      ['GET', '/orgs/acme/teams/security/memberships/alice', 200],
      ['GET', '/orgs/acme/teams/security/teams', 200],
    ]);
  });
});

describe('rate limits', () => {
  it('waits out a primary rate limit and retries', async () => {
    const { server, github, warnings } = await connect();
    const pull = server.addPull({ author: 'alice' });
    server.rateLimitNext(1, 'primary');

    await expect(github.getPullRequest(pull)).resolves.toMatchObject({ author: 'alice' });

    expect(server.requests.map((request) => request.status)).toEqual([403, 200]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^GitHub primary rate limit on GET \/repos\/\{owner\}\/\{repo\}\/pulls\/\{pull_number\}: retrying in \d+s \(1\/3\)$/);
  });

  it('honours retry-after on a secondary rate limit (403) and retries', async () => {
    const { server, github, warnings } = await connect();
    const pull = server.addPull();
    server.rateLimitNext(2, 'secondary');

    await expect(github.upsertComment(pull, '<!-- m -->', 'body')).resolves.toMatchObject({ created: true });

    expect(server.requests.map((request) => [request.method, request.status])).toEqual([
      ['GET', 403],
      ['GET', 403],
      ['GET', 200],
      ['GET', 200], // who am I: only our own comment is ever edited
      ['POST', 201],
    ]);
    expect(warnings.map((line) => line.replace(/ on .*:/, ':'))).toEqual([
      'GitHub secondary rate limit: retrying in 1s (1/3)',
      'GitHub secondary rate limit: retrying in 1s (2/3)',
    ]);
  });

  it('retries a secondary rate limit answered with 429', async () => {
    const { server, github } = await connect();
    const pull = server.addPull();
    server.rateLimitNext(1, 'secondary', 429);

    await expect(github.listReviews(pull)).resolves.toEqual([]);
    expect(server.requests.map((request) => request.status)).toEqual([429, 200]);
  });

  it('gives up after the configured retries and describes the limit', async () => {
    const { server, github, warnings } = await connect({}, { retries: 1 });
    const pull = server.addPull();
    server.rateLimitNext(2, 'secondary');

    const failure = await github.getPullRequest(pull).catch((error: unknown) => error);

    expect(server.requests.map((request) => request.status)).toEqual([403, 403]);
    expect(warnings.at(-1)).toMatch(/giving up after 1 retries$/);
    expect(describeGitHubError(failure)).toBe(
      `GitHub secondary rate limit (GET /repos/acme/gatehouse/pulls/${pull}): too many requests in a short time; rerun in a few minutes and avoid running many Gatehouse jobs at once`,
    );
  });
});

describe('transient failures', () => {
  it('retries a 502 from GitHub and succeeds', async () => {
    const { server, github } = await connect();
    const pull = server.addPull();
    server.failNext(502, 'Server Error');

    await expect(github.listPullRequestFiles(pull)).resolves.toEqual([]);
    expect(server.requests.map((request) => request.status)).toEqual([502, 200]);
  });

  it('sends every request through an injected fetch', async () => {
    const seen: string[] = [];
    const recordingFetch: typeof fetch = (input, init) => {
      seen.push(`${init?.method ?? 'GET'} ${new URL(String(input)).pathname}`);
      return fetch(input, init);
    };
    const { server, github } = await connect({}, { fetch: recordingFetch });
    const pull = server.addPull();

    await github.getPullRequest(pull);
    expect(seen).toEqual([`GET /repos/acme/gatehouse/pulls/${pull}`]);
  });
});

describe('describeGitHubError', () => {
  it('names the missing permission on a 403', async () => {
    const { server, github } = await connect();
    server.failNext(403, 'Resource not accessible by personal access token');

    const failure = await github
      .publishCheckRun({ name: 'gatehouse/lint', headSha: 'a'.repeat(40), conclusion: 'success', title: 't', summary: 's', annotations: [] })
      .catch((error: unknown) => error);

    expect(describeGitHubError(failure)).toBe(
      'GitHub refused POST /repos/acme/gatehouse/check-runs (403 Resource not accessible by personal access token): creating check runs needs `permissions: checks: write` in the workflow (or App permission Checks: write); personal access tokens cannot create check runs',
    );
  });

  it('explains an exhausted primary limit with the reset time', async () => {
    const { server, github } = await connect({}, { retries: 0 });
    server.rateLimitNext(1, 'primary');

    const failure = await github.listOpenIssuesWithLabel('x').catch((error: unknown) => error);

    expect(describeGitHubError(failure)).toMatch(
      /^GitHub API rate limit exhausted \(GET \/repos\/acme\/gatehouse\/issues\), it resets at \d{4}-\d\d-\d\dT[\d:.]+Z: rerun after that, or authenticate as a GitHub App installation/,
    );
  });

  it('explains a 404 on a missing pull request', async () => {
    const { github } = await connect();
    const failure = await github.getPullRequest(999).catch((error: unknown) => error);

    expect(describeGitHubError(failure)).toBe(
      'GitHub found nothing at GET /repos/acme/gatehouse/pulls/999 (404): the repository, pull request or issue does not exist, or the token cannot see it; check GITHUB_REPOSITORY and that the token has access to the repository',
    );
  });

  it('explains an unreachable API host', async () => {
    const { server: running } = await connect();
    const url = running.url;
    await running.close();
    const octokit = createOctokit({ token: 't', baseUrl: url, retries: 0, warn: () => {} });

    const failure = await new GitHubClient({ octokit, owner: 'acme', repo: 'gatehouse' }).getPullRequest(1).catch((error: unknown) => error);

    expect(describeGitHubError(failure)).toMatch(/^Cannot reach http:\/\/127\.0\.0\.1:\d+ \(GET \/repos\/acme\/gatehouse\/pulls\/1: .+\): check the network and GITHUB_API_URL$/);
  });

  it('passes other errors through', () => {
    expect(describeGitHubError(new Error('boom'))).toBe('boom');
  });
});
