import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GitReadError, openGitRepository } from '../../src/adapters/git/git-repository.js';
import { loadRepository } from '../../src/loader/load-repository.js';
import { removeRepos } from '../support/repo-fixture.js';
import { identityYaml, makeGitRepo } from './support/fixtures.js';

afterAll(removeRepos);

const decode = (bytes: Uint8Array | undefined) => (bytes === undefined ? undefined : new TextDecoder().decode(bytes));

describe('reading a commit through git', () => {
  it('reads the committed tree, never the working tree, and leaves the working tree alone', async () => {
    const fixture = await makeGitRepo();
    const committed = await fixture.commit('add one', { 'identities/payments/extra.yaml': identityYaml({ name: 'extra' }) });
    await fixture.write({ 'identities/payments/extra.yaml': 'uncommitted: [edit', 'identities/payments/draft.yaml': identityYaml({ name: 'draft' }) });
    const status = await fixture.git.raw(['status', '--porcelain']);

    const git = await openGitRepository(fixture.root);
    const tree = git.tree(committed);
    try {
      const files = await tree.list('identities');
      expect(files).toContain('identities/payments/extra.yaml');
      expect(files).not.toContain('identities/payments/draft.yaml');
      expect(decode(await tree.read('identities/payments/extra.yaml'))).toBe(identityYaml({ name: 'extra' }));
      const loaded = await loadRepository(tree);
      expect(loaded.diagnostics).toEqual([]);
      expect(loaded.identities.map((identity) => identity.doc.metadata.name)).toContain('extra');
    } finally {
      tree.close();
    }
    expect(await fixture.git.raw(['status', '--porcelain'])).toBe(status);
    expect(await readFile(join(fixture.root, 'identities/payments/extra.yaml'), 'utf8')).toBe('uncommitted: [edit');
  });

  it('answers undefined for a missing file or a directory, and reads files that were never listed', async () => {
    const fixture = await makeGitRepo({}, { examples: false });
    const git = await openGitRepository(fixture.root);
    const tree = git.tree(await git.resolveCommit('HEAD'));
    try {
      expect(await tree.read('catalog/missing.yaml')).toBeUndefined();
      expect(await tree.read('catalog')).toBeUndefined();
      expect(decode(await tree.read('catalog/policy.yaml'))).toContain('kind: Policy');
      expect(await tree.list('identities')).toEqual([]);
    } finally {
      tree.close();
    }
  });

  it('reads a Gatehouse root that is a subdirectory of the git repository', async () => {
    const fixture = await makeGitRepo({}, { subdirectory: 'governance' });
    const git = await openGitRepository(fixture.root);
    expect(git.prefix).toBe('governance/');
    const tree = git.tree(await git.resolveCommit('main'));
    try {
      const files = await tree.list('identities');
      expect(files.length).toBeGreaterThan(5);
      expect(files.every((file) => file.startsWith('identities/'))).toBe(true);
      expect(decode(await tree.read('catalog/policy.yaml'))).toContain('kind: Policy');
    } finally {
      tree.close();
    }
  });

  it('lists only the files it is asked for by name, literally, in the order a whole listing has them', async () => {
    const fixture = await makeGitRepo({}, { subdirectory: 'governance' });
    const committed = await fixture.commit('files with pattern-like names', {
      'governance/identities/data/ab.yaml': identityYaml({ name: 'ab', owner: '@acme/data' }),
      'governance/identities/data/a*.yaml': 'not an identity',
      'governance/identities/data/zz.yaml': identityYaml({ name: 'zz', owner: '@acme/data' }),
      'governance/identities/data/not-asked.yaml': identityYaml({ name: 'not-asked', owner: '@acme/data' }),
    });
    const git = await openGitRepository(join(fixture.root, 'governance'));
    const tree = git.tree(committed);
    try {
      const whole = await tree.list('identities');
      const asked = ['identities/data/zz.yaml', 'identities/data/a*.yaml', 'identities/data/gone.yaml', 'identities/data', 'identities/data/ab.yaml'];
      // The directory and the missing file are not files it holds (the directory's files are not
      // listed for it); `a*.yaml` is one file, not a pattern.
      expect(await tree.listOnly(asked)).toEqual(whole.filter((file) => asked.includes(file)));
      expect(await tree.listOnly(asked)).toEqual(['identities/data/a*.yaml', 'identities/data/ab.yaml', 'identities/data/zz.yaml']);
      expect(await tree.listOnly(['identities/data/a*'])).toEqual([]);
      expect(await tree.listOnly([])).toEqual([]);
      expect(decode(await tree.read('identities/data/zz.yaml'))).toBe(identityYaml({ name: 'zz', owner: '@acme/data' }));
    } finally {
      tree.close();
    }
  });

  it('says which ref does not exist and how to fetch it', async () => {
    const fixture = await makeGitRepo({}, { examples: false });
    const git = await openGitRepository(fixture.root);
    await expect(git.resolveCommit('origin/nope')).rejects.toThrow(new GitReadError(`"origin/nope" does not name a commit in ${fixture.top}: check the spelling, or fetch it first (git fetch origin nope)`));
    await expect(git.resolveCommit('--output=/tmp/x')).rejects.toThrow('"--output=/tmp/x" is not a git ref');
  });

  it('refuses a directory outside any git repository', async () => {
    await expect(openGitRepository('/')).rejects.toThrow(/is not inside a git repository/);
  });

  it('lists changed paths between commits, a rename as a removal and an addition', async () => {
    const fixture = await makeGitRepo();
    const before = await fixture.commit('noop');
    const original = await readFile(join(fixture.root, 'identities/payments/payments-api.yaml'), 'utf8');
    const after = await fixture.commit('move', { 'identities/payments/payments-api.yaml': null, 'identities/platform/payments-api.yaml': original });
    const git = await openGitRepository(fixture.root);
    expect(await git.changedPaths(before, after)).toEqual([
      { path: 'identities/payments/payments-api.yaml', status: 'removed' },
      { path: 'identities/platform/payments-api.yaml', status: 'added' },
    ]);
  });
});
