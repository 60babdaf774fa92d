import { describe, expect, it } from 'vitest';
import type { CheckAnnotation } from '../../src/ports/github.js';
import { useGitHubServer } from '../support/github-fixture.js';

const fixture = useGitHubServer();

const annotation = (index: number): CheckAnnotation => ({
  path: `identities/team/id-${index}.yaml`,
  startLine: index + 1,
  endLine: index + 1,
  level: index % 3 === 0 ? 'failure' : 'warning',
  message: `finding ${index}`,
  ...(index === 0 ? { title: 'iam/wildcard-action' } : {}),
});

describe('publishCheckRun', () => {
  it('sends 120 annotations in three requests of at most 50', async () => {
    const annotations = Array.from({ length: 120 }, (_, index) => annotation(index));

    const id = await fixture.github.publishCheckRun({
      name: 'gatehouse/lint',
      headSha: 'e'.repeat(40),
      conclusion: 'failure',
      title: '40 errors, 80 warnings',
      summary: 'Lint found problems.',
      text: 'Details',
      annotations,
    });

    const writes = fixture.server.requests.filter((request) => request.method !== 'GET');
    expect(writes.map((request) => [request.method, request.path])).toEqual([
      ['POST', '/repos/acme/gatehouse/check-runs'],
      ['PATCH', `/repos/acme/gatehouse/check-runs/${id}`],
      ['PATCH', `/repos/acme/gatehouse/check-runs/${id}`],
    ]);
    const batchSizes = writes.map((request) => (request.body as { output: { annotations: unknown[] } }).output.annotations.length);
    expect(batchSizes).toEqual([50, 50, 20]);
    expect(writes[0]!.body).toMatchObject({
      name: 'gatehouse/lint',
      head_sha: 'e'.repeat(40),
      status: 'completed',
      conclusion: 'failure',
      output: { title: '40 errors, 80 warnings', summary: 'Lint found problems.', text: 'Details' },
    });

    const run = fixture.server.checkRuns.get(id)!;
    expect(run.annotations).toHaveLength(120);
    expect(run.annotations[0]).toEqual({
      path: 'identities/team/id-0.yaml',
      start_line: 1,
      end_line: 1,
      annotation_level: 'failure',
      message: 'finding 0',
      title: 'iam/wildcard-action',
    });
  });

  it('creates a check run without annotations in one request', async () => {
    await fixture.github.publishCheckRun({ name: 'gatehouse/approvals', headSha: 'f'.repeat(40), conclusion: 'success', title: 'Approved', summary: 'ok', annotations: [] });

    expect(fixture.server.requests.map((request) => request.method)).toEqual(['POST']);
    expect(fixture.server.requests[0]!.body).toMatchObject({ output: { annotations: [] } });
  });

  it('truncates output GitHub would reject as too long', async () => {
    const id = await fixture.github.publishCheckRun({ name: 'gatehouse/lint', headSha: 'f'.repeat(40), conclusion: 'neutral', title: 'Long', summary: 'x'.repeat(70_000), annotations: [] });

    const summary = fixture.server.checkRuns.get(id)!.output.summary!;
    expect(summary).toHaveLength(65535);
    expect(summary.endsWith('(truncated: GitHub limits check run output to 65535 characters)')).toBe(true);
  });
});
