import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GitHubClient } from '../../src/adapters/github/github-client.js';
import { createOctokit } from '../../src/adapters/github/octokit.js';
import { startGitHubServer, type GitHubTestServer } from '../support/github-server.js';

const marker = '<!-- gatehouse:plan -->';
let server: GitHubTestServer;
let github: GitHubClient;

beforeEach(async () => {
  server = await startGitHubServer();
  const octokit = createOctokit({ token: 'test-token', baseUrl: server.url, warn: () => {} });
  github = new GitHubClient({ octokit, owner: server.owner, repo: server.repo });
});
afterEach(() => server.close());

describe('upsertComment', () => {
  it('creates the comment once, then updates that same comment', async () => {
    const pull = server.addPull();

    const first = await github.upsertComment(pull, marker, 'Plan: 1 to add');
    const second = await github.upsertComment(pull, marker, `${marker}\nPlan: 2 to add`);

    expect(first.created).toBe(true);
    expect(second).toEqual({ id: first.id, url: first.url, created: false });
    const onPull = server.comments.filter((comment) => comment.issueNumber === pull);
    expect(onPull.map((comment) => comment.body)).toEqual([`${marker}\nPlan: 2 to add`]);
  });

  it('finds the marked comment on the second page of a long discussion', async () => {
    const pull = server.addPull();
    for (let index = 0; index < 140; index++) server.addComment(pull, `discussion ${index}`, 'reviewer');
    const markedId = server.addComment(pull, `${marker}\nold plan`, 'gatehouse[bot]');
    for (let index = 0; index < 10; index++) server.addComment(pull, `later ${index}`, 'reviewer');

    const result = await github.upsertComment(pull, marker, 'new plan');

    expect(result).toMatchObject({ id: markedId, created: false });
    expect(server.requests.map((request) => [request.method, request.query.page ?? '1'])).toEqual([
      ['GET', '1'],
      ['GET', '2'],
      ['PATCH', '1'],
    ]);
    expect(server.comments.find((comment) => comment.id === markedId)!.body).toBe(`${marker}\nnew plan`);
    expect(server.comments).toHaveLength(151);
  });
});
