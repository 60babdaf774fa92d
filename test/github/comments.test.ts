import { describe, expect, it } from 'vitest';
import { useGitHubServer } from '../support/github-fixture.js';

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
    const markedId = fixture.server.addComment(pull, `${marker}\nold plan`, 'gatehouse[bot]');
    for (let index = 0; index < 10; index++) fixture.server.addComment(pull, `later ${index}`, 'reviewer');

    const result = await fixture.github.upsertComment(pull, marker, 'new plan');

    expect(result).toMatchObject({ id: markedId, created: false });
    expect(fixture.server.requests.map((request) => [request.method, request.query.page ?? '1'])).toEqual([
      ['GET', '1'],
      ['GET', '2'],
      ['PATCH', '1'],
    ]);
    expect(fixture.server.comments.find((comment) => comment.id === markedId)!.body).toBe(`${marker}\nnew plan`);
    expect(fixture.server.comments).toHaveLength(151);
  });
});
