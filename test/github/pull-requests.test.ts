import { describe, expect, it } from 'vitest';
import { useGitHubServer } from '../support/github-fixture.js';

const fixture = useGitHubServer();

describe('getPullRequest', () => {
  it('maps the pull request to domain fields', async () => {
    const number = fixture.server.addPull({ author: 'alice', headRef: 'add-payments-api', headSha: 'a'.repeat(40), baseSha: 'b'.repeat(40), draft: true });

    await expect(fixture.github.getPullRequest(number)).resolves.toEqual({
      number,
      author: 'alice',
      headSha: 'a'.repeat(40),
      headRef: 'add-payments-api',
      baseRef: 'main',
      baseSha: 'b'.repeat(40),
      state: 'open',
      draft: true,
      url: `https://github.test/acme/gatehouse/pull/${number}`,
    });
  });

  it('reports a merged pull request as merged, not just closed', async () => {
    const number = fixture.server.addPull({ state: 'closed', merged: true });
    expect((await fixture.github.getPullRequest(number)).state).toBe('merged');
  });
});

describe('listPullRequestFiles', () => {
  it('follows Link headers across pages and keeps rename sources', async () => {
    const number = fixture.server.addPull();
    for (let index = 0; index < 230; index++) fixture.server.addFile(number, { path: `identities/team/id-${index}.yaml`, status: 'added' });
    fixture.server.addFile(number, { path: 'identities/new/name.yaml', status: 'renamed', previousPath: 'identities/old/name.yaml' });
    fixture.server.addFile(number, { path: 'identities/team/copy.yaml', status: 'copied' });
    fixture.server.addFile(number, { path: 'catalog/roles.yaml', status: 'changed' });

    const files = await fixture.github.listPullRequestFiles(number);

    expect(files).toHaveLength(233);
    expect(files.slice(-3)).toEqual([
      { path: 'identities/new/name.yaml', status: 'renamed', previousPath: 'identities/old/name.yaml' },
      { path: 'identities/team/copy.yaml', status: 'added' },
      { path: 'catalog/roles.yaml', status: 'modified' },
    ]);
    const pages = fixture.server.requests.filter((request) => request.path === `/repos/acme/gatehouse/pulls/${number}/files`);
    expect(pages.map((request) => request.query.page ?? '1')).toEqual(['1', '2', '3']);
    expect(pages.every((request) => request.query.per_page === '100')).toBe(true);
  });

  it('fails closed when GitHub would truncate the list at 3000 files', async () => {
    const number = fixture.server.addPull();
    for (let index = 0; index < 3001; index++) fixture.server.addFile(number, { path: `identities/bulk/id-${index}.yaml`, status: 'removed' });

    await expect(fixture.github.listPullRequestFiles(number)).rejects.toThrow(/more than GitHub lists \(3000\); split it/);
  });
});

describe('listReviews', () => {
  it('returns all 250 reviews across three pages', async () => {
    const number = fixture.server.addPull();
    for (let index = 0; index < 250; index++) fixture.server.addReview(number, { reviewer: `user-${index}`, state: index % 2 ? 'APPROVED' : 'COMMENTED' });

    const reviews = await fixture.github.listReviews(number);

    expect(reviews).toHaveLength(250);
    expect(new Set(reviews.map((review) => review.id)).size).toBe(250);
    expect(reviews.at(-1)).toMatchObject({ reviewer: 'user-249', state: 'APPROVED', reviewerIsBot: false });
    expect(fixture.server.requests.filter((request) => request.path.endsWith('/reviews'))).toHaveLength(3);
  });

  it('marks bots by account type or [bot] suffix, and keeps commit and time', async () => {
    const number = fixture.server.addPull({ headSha: 'c'.repeat(40) });
    fixture.server.addReview(number, { reviewer: 'renovate[bot]', state: 'APPROVED' });
    fixture.server.addReview(number, { reviewer: 'build-robot', state: 'APPROVED', userType: 'Bot' });
    fixture.server.addReview(number, { reviewer: 'copilot[bot]', state: 'COMMENTED', userType: 'User' });
    fixture.server.addReview(number, { reviewer: 'bob', state: 'CHANGES_REQUESTED', commitId: 'd'.repeat(40), submittedAt: '2026-01-03T08:00:00Z' });
    fixture.server.addReview(number, { reviewer: 'carol', state: 'PENDING' });
    fixture.server.addReview(number, { reviewer: 'gone', state: 'APPROVED', deletedUser: true });

    const reviews = await fixture.github.listReviews(number);

    expect(reviews.map(({ reviewer, reviewerIsBot }) => [reviewer, reviewerIsBot])).toEqual([
      ['renovate[bot]', true],
      ['build-robot', true],
      ['copilot[bot]', true],
      ['bob', false],
      ['carol', false],
      ['ghost', false],
    ]);
    expect(reviews[0]).toMatchObject({ commitId: 'c'.repeat(40), submittedAt: '2026-01-01T12:00:00Z' });
    expect(reviews[3]).toMatchObject({ state: 'CHANGES_REQUESTED', commitId: 'd'.repeat(40), submittedAt: '2026-01-03T08:00:00Z' });
    expect(reviews[4]).toMatchObject({ state: 'PENDING', submittedAt: null });
  });
});
