/**
 * Temporary Gatehouse repositories for tests: the example catalog/ (a copy in
 * test/fixtures/example-org, so that the repository's own examples can change freely) plus the
 * files a test gives, written to a fresh directory so the real loader reads real files.
 *
 *   const root = await makeRepo({ 'identities/payments/x.yaml': yaml });
 *   ...
 *   afterAll(removeRepos);
 */
import { existsSync, rmSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The root of this source repository: bin/, schema/, docs/, .github/. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The example organisation tests read: a copy of the top-level catalog/ and identities/, so that
 * replacing the repository's own examples (it is its own first user) breaks no test.
 */
export const EXAMPLE_ROOT = join(REPO_ROOT, 'test/fixtures/example-org');

/** Repository-relative path → content. `null` leaves the file out (e.g. a catalog file). */
export type FixtureFiles = Readonly<Record<string, string | Uint8Array | null>>;

export interface RepoOptions {
  /** Also copy the example identities/ (default: only catalog/). */
  readonly examples?: boolean;
}

const created = new Set<string>();

export async function makeRepo(files: FixtureFiles = {}, options: RepoOptions = {}): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'gatehouse-repo-'));
  created.add(root);
  await cp(join(EXAMPLE_ROOT, 'catalog'), join(root, 'catalog'), { recursive: true });
  if (options.examples) await cp(join(EXAMPLE_ROOT, 'identities'), join(root, 'identities'), { recursive: true });
  for (const [path, content] of Object.entries(files)) {
    const target = join(root, path);
    if (content === null) {
      await rm(target, { force: true, recursive: true });
      continue;
    }
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, content);
  }
  return root;
}

/** A file of the example repository, to derive a variant from (e.g. catalog/policy.yaml). */
export function readExample(path: string): Promise<string> {
  return readFile(join(EXAMPLE_ROOT, path), 'utf8');
}

/** Removes every repository made by this process; call it from afterAll. */
export async function removeRepos(): Promise<void> {
  const roots = [...created];
  created.clear();
  await Promise.all(roots.map((root) => rm(root, { recursive: true, force: true })));
}

// A test that fails before its afterAll still leaves no temporary directories behind.
process.once('exit', () => {
  for (const root of created) if (existsSync(root)) rmSync(root, { recursive: true, force: true });
});
