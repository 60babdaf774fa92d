import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { renderCodeowners } from '../../src/core/codeowners.js';
import { PolicySchema } from '../../src/schema/policy.js';
import { makeRepo, readExample, REPO_ROOT, removeRepos } from '../support/repo-fixture.js';
import { runCli } from '../cli/run-cli.js';
import { identityYaml } from './support/fixtures.js';

afterAll(removeRepos);

/**
 * CODEOWNERS semantics: the last matching pattern wins. Enough of GitHub's matcher for the
 * patterns Gatehouse writes: `*`, `/dir/`, `/file`, and a bare file name matching anywhere.
 */
function ownersOf(codeowners: string, path: string): string[] | undefined {
  let owners: string[] | undefined;
  for (const line of codeowners.split('\n')) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    const [pattern, ...teams] = line.split(/(?<!\\) +/);
    const literal = pattern!.replace(/\\(.)/g, '$1');
    const matches =
      literal === '*' ||
      (literal.startsWith('/') && literal.endsWith('/') && path.startsWith(literal.slice(1))) ||
      (literal.startsWith('/') && path === literal.slice(1)) ||
      (!literal.includes('/') && (path === literal || path.endsWith(`/${literal}`)));
    if (matches) owners = teams;
  }
  return owners;
}

describe('CODEOWNERS', () => {
  it('gives identity files to their owner and governance files to the governance owners, whatever the order of matches', async () => {
    const policy = PolicySchema.parse(parse(await readExample('catalog/policy.yaml')));
    const identities = [
      { file: 'identities/payments/a.yaml', doc: { metadata: { name: 'a', owner: '@acme/payments' } } },
      { file: 'identities/data/b c.yaml', doc: { metadata: { name: 'b', owner: ' @acme/data ' } } },
      { file: 'identities/data/rogue.yaml', doc: { metadata: { name: 'rogue', owner: '@mallory/friends' } } },
    ] as unknown as Parameters<typeof renderCodeowners>[0];
    const text = renderCodeowners(identities, policy);

    expect(ownersOf(text, 'identities/payments/a.yaml')).toEqual(['@acme/payments']);
    expect(ownersOf(text, 'identities/data/b c.yaml')).toEqual(['@acme/data']);
    expect(ownersOf(text, 'identities/data/rogue.yaml')).toEqual(['@acme/security']);
    // A file not generated yet belongs to its team folder's owner, and outside any team folder to security.
    expect(ownersOf(text, 'identities/data/new.yaml')).toEqual(['@acme/data']);
    expect(ownersOf(text, 'identities/strangers/new.yaml')).toEqual(['@acme/security']);
    for (const governed of ['catalog/policy.yaml', '.github/workflows/apply.yml', 'src/core/model.ts', 'stacks/main.ts', '.github/CODEOWNERS', 'package.json']) {
      expect(ownersOf(text, governed)).toEqual(['@acme/security', '@acme/platform']);
    }
    expect(ownersOf(text, 'README.md')).toEqual(['@acme/security', '@acme/platform']);
  });

  it('is per team folder: adding or removing an identity in its own team\'s folder leaves it unchanged', async () => {
    const policy = PolicySchema.parse(parse(await readExample('catalog/policy.yaml')));
    const of = (...files: [string, string][]) =>
      renderCodeowners(files.map(([file, owner]) => ({ file, doc: { metadata: { name: file, owner } } })) as unknown as Parameters<typeof renderCodeowners>[0], policy);
    const before = of(['identities/payments/a.yaml', '@acme/payments']);
    expect(of(['identities/payments/a.yaml', '@acme/payments'], ['identities/payments/b.yaml', '@acme/payments'])).toBe(before);
    expect(of()).toBe(before);
    expect(of(['identities/data/first.yaml', '@acme/data'])).toBe(before);
    expect(before).not.toMatch(/^\/identities\/payments\/a\.yaml /m);
    expect(ownersOf(before, 'identities/payments/new.yaml')).toEqual(['@acme/payments']);

    // Where ownership differs from the folder's, the file has its own line.
    const lent = of(['identities/payments/a.yaml', '@acme/payments'], ['identities/payments/shared.yaml', '@acme/data'], ['identities/Payments/odd.yaml', '@acme/payments']);
    expect(ownersOf(lent, 'identities/payments/shared.yaml')).toEqual(['@acme/data']);
    expect(ownersOf(lent, 'identities/payments/a.yaml')).toEqual(['@acme/payments']);
    // A folder that is not exactly a team's name (CODEOWNERS paths are case-sensitive) gets per-file lines.
    expect(ownersOf(lent, 'identities/Payments/odd.yaml')).toEqual(['@acme/payments']);
    // An owner the policy does not know, even inside a team folder, leaves the file to security.
    expect(ownersOf(of(['identities/payments/rogue.yaml', '@mallory/friends']), 'identities/payments/rogue.yaml')).toEqual(['@acme/security']);
  });

  it('writes the file, then --check passes until an owner changes', async () => {
    const root = await makeRepo({ 'identities/payments/api.yaml': identityYaml({ name: 'api' }) });
    const run = (...args: string[]) => runCli(['codeowners', '--root', root, ...args], { cwd: root });

    expect(await run('--check')).toMatchObject({ code: 1, stderr: '.github/CODEOWNERS is missing: run `gatehouse codeowners` and commit the result.\n' });
    expect(await run()).toMatchObject({ code: 0, stdout: 'wrote .github/CODEOWNERS\n' });
    expect(await readFile(join(root, '.github/CODEOWNERS'), 'utf8')).toContain('/identities/payments/ @acme/payments\n');
    expect(await run('--check')).toMatchObject({ code: 0, stdout: '.github/CODEOWNERS is up to date\n' });

    await writeFile(join(root, 'identities/payments/api.yaml'), identityYaml({ name: 'api', owner: '@acme/data' }));
    const stale = await run('--check');
    expect(stale.code).toBe(1);
    expect(stale.stderr).toBe('.github/CODEOWNERS is stale: identity owners or the policy changed since it was generated. Run `gatehouse codeowners` and commit the result.\n');
  });

  it('writes nothing when the repository does not load', async () => {
    const root = await makeRepo({ 'identities/payments/api.yaml': 'metadata: [oops\n' });
    const run = await runCli(['codeowners', '--root', root], { cwd: root });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^CODEOWNERS not generated: the repository does not load\. Fix these first:\nidentities\/payments\/api\.yaml:2:1 error /);
    await expect(readFile(join(root, '.github/CODEOWNERS'), 'utf8')).rejects.toThrow();
  });

  it('is current for the example repository', async () => {
    const run = await runCli(['codeowners', '--check'], { cwd: REPO_ROOT });
    expect(run).toMatchObject({ code: 0, stdout: '.github/CODEOWNERS is up to date\n' });
  });
});
