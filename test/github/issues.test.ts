import { describe, expect, it } from 'vitest';
import { useGitHubServer } from '../support/github-fixture.js';

const marker = '<!-- gatehouse:recert:payments-api -->';
const fixture = useGitHubServer();

describe('upsertIssue', () => {
  it('creates the issue with labels and assignees when none carries the marker', async () => {
    fixture.server.addIssue({ title: 'Another identity', body: '<!-- gatehouse:recert:ledger -->', labels: ['gatehouse:recertification'] });

    const result = await fixture.github.upsertIssue({
      marker,
      title: 'Recertify payments-api',
      body: 'Please confirm the access is still needed.',
      labels: ['gatehouse:recertification', 'team:payments'],
      assignees: ['alice'],
    });

    expect(result.created).toBe(true);
    const issue = fixture.server.issues.get(result.number)!;
    expect(issue).toMatchObject({
      title: 'Recertify payments-api',
      body: `${marker}\nPlease confirm the access is still needed.`,
      labels: ['gatehouse:recertification', 'team:payments'],
      assignees: ['alice'],
      state: 'open',
    });
    expect(fixture.server.requests[0]).toMatchObject({ method: 'GET', path: '/repos/acme/gatehouse/issues', query: { labels: 'gatehouse:recertification', state: 'open', per_page: '100' } });
  });

  it('updates the open issue carrying the marker, adding missing labels without dropping human ones', async () => {
    for (let index = 0; index < 120; index++) fixture.server.addIssue({ title: `noise ${index}`, labels: ['gatehouse:recertification'] });
    const existing = fixture.server.addIssue({ title: 'Old title', body: `${marker}\nold`, labels: ['gatehouse:recertification', 'in-progress'], assignees: ['bob'] });
    for (let index = 0; index < 30; index++) fixture.server.addIssue({ title: `newer ${index}`, labels: ['gatehouse:recertification'] });

    const result = await fixture.github.upsertIssue({ marker, title: 'Recertify payments-api', body: 'new', labels: ['gatehouse:recertification', 'team:payments'], assignees: ['alice'] });

    expect(result).toMatchObject({ number: existing, created: false });
    expect(fixture.server.issues.get(existing)).toMatchObject({
      title: 'Recertify payments-api',
      body: `${marker}\nnew`,
      labels: ['gatehouse:recertification', 'in-progress', 'team:payments'],
      assignees: ['bob'],
    });
    const writes = fixture.server.requests.filter((request) => request.method !== 'GET');
    expect(writes.map((request) => [request.method, request.path, request.body])).toEqual([
      ['PATCH', `/repos/acme/gatehouse/issues/${existing}`, { title: 'Recertify payments-api', body: `${marker}\nnew` }],
      ['POST', `/repos/acme/gatehouse/issues/${existing}/labels`, { labels: ['team:payments'] }],
    ]);
  });

  it('ignores closed issues and pull requests that carry the marker', async () => {
    fixture.server.addIssue({ title: 'Closed', body: marker, labels: ['gatehouse:recertification'], state: 'closed' });
    const pull = fixture.server.addPull({ body: marker });
    fixture.server.pulls.get(pull)!.labels.push('gatehouse:recertification');

    const result = await fixture.github.upsertIssue({ marker, title: 'Recertify', body: 'b', labels: ['gatehouse:recertification'] });

    expect(result.created).toBe(true);
  });

  it('refuses an issue without a label to find it by', async () => {
    await expect(fixture.github.upsertIssue({ marker, title: 't', body: 'b', labels: [] })).rejects.toThrow(/needs at least one label/);
  });
});

describe('listOpenIssuesWithLabel and closeIssue', () => {
  it('lists open issues only (not pull requests) and closes one with a comment', async () => {
    const stale = fixture.server.addIssue({ title: 'Stale key', body: 'b', labels: ['gatehouse:stale-key'], assignees: ['alice'] });
    fixture.server.addIssue({ title: 'Other', labels: ['bug'] });
    fixture.server.addIssue({ title: 'Done', labels: ['gatehouse:stale-key'], state: 'closed' });
    const pull = fixture.server.addPull();
    fixture.server.pulls.get(pull)!.labels.push('gatehouse:stale-key');

    const open = await fixture.github.listOpenIssuesWithLabel('gatehouse:stale-key');
    expect(open).toEqual([
      { number: stale, title: 'Stale key', body: 'b', labels: ['gatehouse:stale-key'], assignees: ['alice'], url: `https://github.test/acme/gatehouse/issues/${stale}` },
    ]);

    await fixture.github.closeIssue(stale, 'The key was rotated.');

    expect(fixture.server.issues.get(stale)).toMatchObject({ state: 'closed', stateReason: 'completed' });
    expect(fixture.server.comments.map((comment) => [comment.issueNumber, comment.body])).toEqual([[stale, 'The key was rotated.']]);
  });
});
