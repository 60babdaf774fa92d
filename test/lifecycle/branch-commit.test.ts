import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commitToBranch, GitWriteError, redactUrlCredentials } from '../../src/adapters/git/branch-commit.js';
import { EXAMPLE_ROOT } from '../support/repo-fixture.js';
import { createGitFixture, git, type GitFixture } from './git-fixture.js';

const author = { name: 'gatehouse[bot]', email: 'gatehouse@users.noreply.github.com' };
let fixture: GitFixture;

beforeEach(() => {
  fixture = createGitFixture(EXAMPLE_ROOT, ['catalog', 'identities']);
});
afterEach(() => fixture.cleanup());

function request(overrides: Partial<Parameters<typeof commitToBranch>[0]> = {}) {
  return {
    directory: fixture.clone,
    remote: 'origin',
    base: 'main',
    branch: 'gatehouse/expire',
    remove: ['identities/data/data-etl.yaml'],
    message: 'gatehouse expire: remove 1 expired identity\n\n- data-etl (expired 2027-05-15)',
    author,
    ...overrides,
  };
}

const filesOn = (ref: string) => git(fixture.remote, 'ls-tree', '-r', '--name-only', ref).trim().split('\n');

describe('commitToBranch', () => {
  it('pushes a branch whose commit deletes the files, leaving the clone untouched', async () => {
    const headBefore = git(fixture.clone, 'rev-parse', 'HEAD').trim();

    const result = await commitToBranch(request());

    expect(result).toMatchObject({ changed: true, pushed: true, skipped: [] });
    expect(filesOn('gatehouse/expire')).not.toContain('identities/data/data-etl.yaml');
    expect(filesOn('gatehouse/expire')).toContain('identities/data/data-analytics-ci.yaml');
    expect(filesOn('main')).toContain('identities/data/data-etl.yaml');
    expect(git(fixture.remote, 'log', '-1', '--format=%an <%ae>%n%B', 'gatehouse/expire')).toContain('gatehouse[bot] <gatehouse@users.noreply.github.com>\ngatehouse expire: remove 1 expired identity');
    expect(git(fixture.remote, 'rev-parse', 'gatehouse/expire^').trim()).toBe(result.baseCommit);
    expect(git(fixture.remote, 'diff', '--name-status', 'main', 'gatehouse/expire').trim()).toBe('D\tidentities/data/data-etl.yaml');
    // The working clone: same commit, same branch, nothing staged or modified, no worktree left behind.
    expect(git(fixture.clone, 'rev-parse', 'HEAD').trim()).toBe(headBefore);
    expect(git(fixture.clone, 'status', '--porcelain').trim()).toBe('');
    expect(git(fixture.clone, 'worktree', 'list').trim().split('\n')).toHaveLength(1);
  });

  it('does not push again when the remote branch already holds the same change on the same base', async () => {
    const first = await commitToBranch(request());
    const second = await commitToBranch(request());

    expect(second).toMatchObject({ changed: true, pushed: false, commit: first.commit });
    expect(git(fixture.remote, 'rev-parse', 'gatehouse/expire').trim()).toBe(first.commit);
  });

  it('rebuilds the branch on the new base when main moved', async () => {
    await commitToBranch(request());
    writeFileSync(join(fixture.clone, 'NOTES.md'), 'new on main\n');
    git(fixture.clone, 'add', 'NOTES.md');
    git(fixture.clone, 'commit', '--quiet', '-m', 'notes');
    git(fixture.clone, 'push', '--quiet', 'origin', 'main');

    const result = await commitToBranch(request({ remove: ['identities/data/data-etl.yaml', 'identities/payments/payments-api.yaml'] }));

    expect(result.pushed).toBe(true);
    expect(git(fixture.remote, 'diff', '--name-status', 'main', 'gatehouse/expire').trim().split('\n')).toEqual([
      'D\tidentities/data/data-etl.yaml',
      'D\tidentities/payments/payments-api.yaml',
    ]);
  });

  it('resolves paths against a Gatehouse root below the repository top level', async () => {
    const result = await commitToBranch(request({ directory: join(fixture.clone, 'identities'), remove: ['data/data-etl.yaml'] }));

    expect(result.pushed).toBe(true);
    expect(filesOn('gatehouse/expire')).not.toContain('identities/data/data-etl.yaml');
    expect(git(fixture.remote, 'diff', '--name-status', 'main', 'gatehouse/expire').trim()).toBe('D\tidentities/data/data-etl.yaml');
  });

  it('commits nothing when every file is already gone, and reports them as skipped', async () => {
    const result = await commitToBranch(request({ remove: ['identities/data/no-such.yaml'] }));

    expect(result).toMatchObject({ changed: false, pushed: false, skipped: ['identities/data/no-such.yaml'] });
    expect(git(fixture.remote, 'branch', '--list', 'gatehouse/expire').trim()).toBe('');
  });

  it('explains a missing remote without a stack trace', async () => {
    // A GitWriteError is what the CLI prints as a message (exit 2) rather than as an internal error.
    const failure = commitToBranch(request({ remote: 'upstream' }));
    await expect(failure).rejects.toThrow(GitWriteError);
    await expect(failure).rejects.toThrow(/git could not fetch main from upstream/);
  });

  it('refuses paths outside the repository and option-like names', async () => {
    await expect(commitToBranch(request({ remove: ['../outside.yaml'] }))).rejects.toThrow(/not a path inside the repository/);
    await expect(commitToBranch(request({ branch: '--delete' }))).rejects.toThrow(/not a usable git remote or branch name/);
    await expect(commitToBranch(request({ branch: '--delete' }))).rejects.toThrow(GitWriteError);
  });

  it('redacts credentials embedded in remote URLs from messages', () => {
    expect(redactUrlCredentials('fatal: unable to access https://x-access-token:ghs_secret@github.com/acme/gov.git/')).toBe(
      'fatal: unable to access https://***@github.com/acme/gov.git/',
    );
  });
});
