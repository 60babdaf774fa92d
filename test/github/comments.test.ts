import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { GitHubClient } from '../../src/adapters/github/github-client.js';
import { createOctokit } from '../../src/adapters/github/octokit.js';
import { useGitHubServer } from '../support/github-fixture.js';
import { startGitHubServer } from '../support/github-server.js';

const marker = '<!-- gatehouse:plan -->';
const fixture = useGitHubServer();

describe('upsertComment', () => {
  it('creates the comment once, then updates that same comment', async () => {
    const pull = fixture.server.addPull();

    const first = await fixture.github.upsertComment(pull, marker, 'Plan: 1 to add');
    const second = await fixture.github.upsertComment(pull, marker, `${marker}\nPlan: 2 to add`);

    expect(first.created).toBe(true);
    expect(second).toEqual({ id: first.id, url: first.url, created: false });
    const onPull = fixture.server.comments.filter((comment) => comment.issueNumber === pull);
    expect(onPull.map((comment) => comment.body)).toEqual([`${marker}\nPlan: 2 to add`]);
  });

  it('finds the marked comment on the second page of a long discussion', async () => {
    const pull = fixture.server.addPull();
    for (let index = 0; index < 140; index++) fixture.server.addComment(pull, `discussion ${index}`, 'reviewer');
    const markedId = fixture.server.addComment(pull, `${marker}\nold plan`, 'gatehouse-ci');
    for (let index = 0; index < 10; index++) fixture.server.addComment(pull, `later ${index}`, 'reviewer');

    const result = await fixture.github.upsertComment(pull, marker, 'new plan');

    expect(result).toMatchObject({ id: markedId, created: false });
    expect(fixture.server.requests.map((request) => [request.method, request.path, request.query.page ?? '1'])).toEqual([
      ['GET', `/repos/acme/gatehouse/issues/${pull}/comments`, '1'],
      ['GET', `/repos/acme/gatehouse/issues/${pull}/comments`, '2'],
      ['GET', '/user', '1'],
      ['PATCH', `/repos/acme/gatehouse/issues/comments/${markedId}`, '1'],
    ]);
    expect(fixture.server.comments.find((comment) => comment.id === markedId)!.body).toBe(`${marker}\nnew plan`);
    expect(fixture.server.comments).toHaveLength(151);
  });
});

describe('upsertComment and a planted marker', () => {
  it('never edits a comment someone else wrote with the marker in it, nor trusts it as the report', async () => {
    const pull = fixture.server.addPull();
    const plantedId = fixture.server.addComment(pull, `${marker}\n**Approved by @acme/security**`, 'mallory');

    const result = await fixture.github.upsertComment(pull, marker, 'Plan: 1 to add');

    expect(result.created).toBe(true);
    expect(result.id).not.toBe(plantedId);
    const planted = fixture.server.comments.find((comment) => comment.id === plantedId)!;
    expect(planted).toMatchObject({ author: 'mallory', body: `${marker}\n**Approved by @acme/security**` });
    expect(planted.editedBy).toBeUndefined();
    expect(fixture.server.comments.find((comment) => comment.id === result.id)).toMatchObject({ author: 'gatehouse-ci', body: `${marker}\nPlan: 1 to add` });
    // The next run finds its own comment, not the planted one.
    await expect(fixture.github.upsertComment(pull, marker, 'Plan: 2 to add')).resolves.toEqual({ ...result, created: false });
    expect(planted.editedBy).toBeUndefined();
  });

  it('refuses to comment when it cannot tell which account it acts as, and comments as the login it is told', async () => {
    // An installation token (as actions/create-github-app-token makes) is no user: GET /user answers 403.
    const server = await startGitHubServer({ tokenUser: 'gatehouse[bot]' });
    try {
      const octokit = createOctokit({ token: 'test-token', baseUrl: server.url, warn: () => {} });
      const pull = server.addPull();
      const unknown = new GitHubClient({ octokit, owner: 'acme', repo: 'gatehouse' });
      await expect(unknown.upsertComment(pull, marker, 'x')).rejects.toThrow(/set GATEHOUSE_BOT_LOGIN to the App's bot login/);
      expect(server.comments).toEqual([]);

      const told = new GitHubClient({ octokit, owner: 'acme', repo: 'gatehouse', ownLogin: 'gatehouse[bot]' });
      await expect(told.upsertComment(pull, marker, 'x')).resolves.toMatchObject({ created: true });
      expect(server.comments[0]!.author).toBe('gatehouse[bot]');
    } finally {
      await server.close();
    }
  });
});

describe('upsertComment as a GitHub App installation', () => {
  it("names itself <slug>[bot] from GET /app, and edits only that bot's comment", async () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const server = await startGitHubServer({ app: { appId: 4242, slug: 'acme-gate', publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), installationId: 7 } });
    try {
      const octokit = createOctokit({ baseUrl: server.url, app: { appId: 4242, privateKey: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(), installationId: 7 }, env: {}, warn: () => {} });
      const github = new GitHubClient({ octokit, owner: 'acme', repo: 'gatehouse' });
      const pull = server.addPull();
      // Another App's bot is not us either.
      const other = server.addComment(pull, `${marker}\nforged`, 'other-app[bot]');

      const result = await github.upsertComment(pull, marker, 'plan');
      expect(result.created).toBe(true);
      expect(server.comments.map((comment) => [comment.id === other, comment.author, comment.body])).toEqual([
        [true, 'other-app[bot]', `${marker}\nforged`],
        [false, 'acme-gate[bot]', `${marker}\nplan`],
      ]);
      expect(server.requests.map((request) => [request.method, request.path, request.status])).toContainEqual(['GET', '/app', 200]);
    } finally {
      await server.close();
    }
  });
});
