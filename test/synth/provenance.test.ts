/** Commit and pull request for the provenance tags: flags first, then the GitHub Actions environment. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provenanceFromEnvironment, pullRequestNumberInMessage } from '../../src/app/synth.js';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'gatehouse-provenance-'));
});
afterAll(() => rm(work, { recursive: true, force: true }));

async function event(payload: unknown): Promise<string> {
  const path = join(work, `event-${Math.random().toString(36).slice(2)}.json`);
  await writeFile(path, JSON.stringify(payload));
  return path;
}

const actions = { GITHUB_SHA: 'abc123', GITHUB_SERVER_URL: 'https://github.example.com', GITHUB_REPOSITORY: 'acme/gatehouse' };

describe('provenance', () => {
  it('takes --commit and --change over the environment', async () => {
    expect(await provenanceFromEnvironment({ commit: 'f00', change: 'https://x/pull/1' }, actions)).toEqual({ commit: 'f00', change: 'https://x/pull/1' });
  });

  it('reads the pull request URL from a pull_request event', async () => {
    const path = await event({ pull_request: { html_url: 'https://github.example.com/acme/gatehouse/pull/7' } });
    expect(await provenanceFromEnvironment({}, { ...actions, GITHUB_EVENT_PATH: path })).toEqual({ commit: 'abc123', change: 'https://github.example.com/acme/gatehouse/pull/7' });
  });

  it('derives the pull request from the merge commit message on a push to main', async () => {
    const merge = await event({ head_commit: { message: 'Merge pull request #123 from acme/payments-api\n\nGrant SQS' } });
    expect((await provenanceFromEnvironment({}, { ...actions, GITHUB_EVENT_PATH: merge })).change).toBe('https://github.example.com/acme/gatehouse/pull/123');
    const squash = await event({ head_commit: { message: 'Grant the ledger SQS (#88)\n\n* details' } });
    expect((await provenanceFromEnvironment({}, { ...actions, GITHUB_EVENT_PATH: squash })).change).toBe('https://github.example.com/acme/gatehouse/pull/88');
  });

  it('uses refs/pull/N/merge, and leaves the change out when nothing names a pull request', async () => {
    expect((await provenanceFromEnvironment({}, { ...actions, GITHUB_REF: 'refs/pull/5/merge' })).change).toBe('https://github.example.com/acme/gatehouse/pull/5');
    expect(await provenanceFromEnvironment({}, { ...actions, GITHUB_REF: 'refs/heads/main', GITHUB_EVENT_PATH: join(work, 'missing.json') })).toEqual({ commit: 'abc123' });
    expect(await provenanceFromEnvironment({}, {})).toEqual({});
    expect(pullRequestNumberInMessage('Fix #12 in the middle')).toBeUndefined();
  });
});
