/**
 * Fixtures for the pull request flow: identity documents built from a few fields, repositories
 * loaded from memory through the real loader, and real git repositories with scripted commits.
 */
import { cp, mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { simpleGit, type SimpleGit } from 'simple-git';
import { stringify } from 'yaml';
import { IamDataCatalog } from '../../../src/adapters/iam-data-catalog.js';
import { fileSystemSource } from '../../../src/adapters/fs-file-source.js';
import { ActionExpander } from '../../../src/core/aws/action-patterns.js';
import type { DiffSide } from '../../../src/core/diff/access-diff.js';
import { loadRepository, type LoadedRepository } from '../../../src/loader/load-repository.js';
import { makeRepo, type FixtureFiles } from '../../support/repo-fixture.js';

export const TODAY = '2026-11-25';
export const expander = new ActionExpander(new IamDataCatalog());

export interface IdentityFields {
  name: string;
  owner?: string | null;
  account?: string;
  dataClassification?: 'public' | 'internal' | 'confidential' | 'restricted';
  workload?: Record<string, unknown>;
  grants?: unknown[];
  sessionHours?: number;
  expires?: string | null;
  credentials?: unknown;
  review?: unknown;
  description?: string;
}

/** An identity file's YAML; unspecified fields are those of a modest dev EKS workload. */
export function identityYaml(fields: IdentityFields): string {
  const doc = {
    apiVersion: 'gatehouse/v1',
    kind: 'Identity',
    metadata: {
      name: fields.name,
      ...(fields.owner === null ? {} : { owner: fields.owner ?? '@acme/payments' }),
      description: fields.description ?? `Test identity ${fields.name}`,
    },
    spec: {
      account: fields.account ?? 'acme-dev',
      dataClassification: fields.dataClassification ?? 'public',
      workload: fields.workload ?? { eks: { cluster: 'dev-main', namespace: 'payments', serviceAccount: fields.name } },
      grants: fields.grants ?? [{ role: 's3-object-reader', params: { bucket: 'acme-test-bucket', prefix: 'in/' } }],
      sessionHours: fields.sessionHours ?? 1,
      ...(fields.expires === null ? {} : { expires: fields.expires ?? '2027-03-01' }),
      review: fields.review ?? { every: '90d', last: '2026-11-01' },
      ...(fields.credentials ? { credentials: fields.credentials } : {}),
    },
  };
  return stringify(doc);
}

export function identityPath(fields: Pick<IdentityFields, 'name' | 'owner'>): string {
  const team = (fields.owner ?? '@acme/payments')?.split('/')[1] ?? 'payments';
  return `identities/${team}/${fields.name}.yaml`;
}

/** Writes the files into a temporary repository (the example catalog plus `files`) and loads it. */
export async function loadFiles(files: FixtureFiles, options: { examples?: boolean } = {}): Promise<LoadedRepository> {
  return loadRepository(fileSystemSource(await makeRepo(files, options)));
}

export function sideOf(loaded: LoadedRepository): DiffSide {
  if (!loaded.repository) throw new Error(`fixture does not load: ${loaded.diagnostics.map((d) => `${d.file}: ${d.message}`).join('; ')}`);
  return { repository: loaded.repository, identityFiles: loaded.identityFiles };
}

const AUTHOR = ['-c', 'user.name=Gatehouse Test', '-c', 'user.email=test@example.com'];

export interface GitFixture {
  /** The Gatehouse root (the git top level unless `subdirectory` was given). */
  readonly root: string;
  readonly top: string;
  readonly git: SimpleGit;
  /** Writes (string) or deletes (null) files below the root, commits everything, returns the sha. */
  commit(message: string, files?: FixtureFiles): Promise<string>;
  /** Writes files without committing: the working tree a plan must not read. */
  write(files: FixtureFiles): Promise<void>;
}

/**
 * A git repository whose first commit is the example catalog (and identities unless told
 * otherwise) plus `files`. With `subdirectory`, the Gatehouse root sits below the top level.
 */
export async function makeGitRepo(files: FixtureFiles = {}, options: { examples?: boolean; subdirectory?: string } = {}): Promise<GitFixture> {
  const seeded = await makeRepo(files, { examples: options.examples ?? true });
  let top = seeded;
  let root = seeded;
  if (options.subdirectory) {
    top = await makeRepo();
    await rm(join(top, 'catalog'), { recursive: true, force: true });
    root = join(top, options.subdirectory);
    await cp(seeded, root, { recursive: true });
  }
  const git = simpleGit({ baseDir: top });
  await git.raw(['init', '-q', '-b', 'main']);
  const write = async (changes: FixtureFiles) => {
    for (const [path, content] of Object.entries(changes)) {
      const target = join(root, path);
      if (content === null) await rm(target, { force: true });
      else {
        await mkdir(dirname(target), { recursive: true });
        await writeFile(target, content);
      }
    }
  };
  const commit = async (message: string, changes: FixtureFiles = {}) => {
    await write(changes);
    await git.raw(['add', '-A']);
    await git.raw([...AUTHOR, 'commit', '-q', '--allow-empty', '-m', message]);
    return (await git.raw(['rev-parse', 'HEAD'])).trim();
  };
  await commit('base');
  return { root, top, git, commit, write };
}
