/**
 * Identities for the synth tests, written as plain objects. JSON is YAML, so the same object is
 * both a document for the pure desired-state tests (parsed by the real schema, defaults applied)
 * and the text of an identity file for the end-to-end tests (read by the real loader).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileSystemSource } from '../../src/adapters/fs-file-source.js';
import type { Catalog, IdentityDocument, Repository } from '../../src/core/model.js';
import { loadRepository } from '../../src/loader/load-repository.js';
import { IdentitySchema } from '../../src/schema/index.js';
import { EXAMPLE_ROOT } from '../support/repo-fixture.js';

export const TODAY = '2026-11-25';

export type IdentityInput = {
  name: string;
  account?: string;
  description?: string;
  owner?: string;
  ticket?: string;
  expires?: string;
  workload: Record<string, unknown>;
  grants?: unknown[];
  secrets?: unknown[];
  sessionHours?: number;
  credentials?: unknown;
};

/** The raw document, as a user would write it. */
function identityObject(input: IdentityInput): Record<string, unknown> {
  return {
    apiVersion: 'gatehouse/v1',
    kind: 'Identity',
    metadata: {
      name: input.name,
      owner: input.owner ?? '@acme/payments',
      description: input.description ?? `Test identity ${input.name}`,
      ...(input.ticket ? { ticket: input.ticket } : {}),
    },
    spec: {
      account: input.account ?? 'acme-prod',
      dataClassification: 'internal',
      workload: input.workload,
      grants: input.grants ?? [],
      sessionHours: input.sessionHours ?? 1,
      expires: input.expires ?? '2027-03-31',
      review: { every: '90d', last: '2026-11-01' },
      ...(input.secrets ? { secrets: input.secrets } : {}),
      ...(input.credentials ? { credentials: input.credentials } : {}),
    },
  };
}

export function identityDoc(input: IdentityInput): IdentityDocument {
  return IdentitySchema.parse(identityObject(input));
}

/** The text of `identities/<team>/<name>.yaml`. */
export function identityFile(input: IdentityInput, team = 'payments'): Record<string, string> {
  return { [`identities/${team}/${input.name}.yaml`]: `${JSON.stringify(identityObject(input), null, 2)}\n` };
}

let catalog: Promise<Catalog> | undefined;

/** The example catalog of this repository, loaded once by the real loader. */
export function exampleCatalog(): Promise<Catalog> {
  catalog ??= loadRepository(fileSystemSource(EXAMPLE_ROOT)).then((loaded) => {
    if (!loaded.repository) throw new Error('the example catalog does not load');
    return loaded.repository.catalog;
  });
  return catalog;
}

export async function repositoryOf(...inputs: IdentityInput[]): Promise<Repository> {
  return { catalog: await exampleCatalog(), identities: inputs.map((input) => ({ file: `identities/payments/${input.name}.yaml`, doc: identityDoc(input) })) };
}

/** The cdk.tf.json of every stack a synth wrote below `out`, by stack name. */
export async function readStacks<T = Record<string, unknown>>(out: string): Promise<Record<string, T>> {
  const stacks: Record<string, T> = {};
  for (const stack of await readdir(join(out, 'stacks'))) stacks[stack] = JSON.parse(await readFile(join(out, 'stacks', stack, 'cdk.tf.json'), 'utf8')) as T;
  return stacks;
}

/** Every file below `dir`, as text, by its path below `dir`: to compare two synth outputs byte for byte. */
export async function readAllFiles(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const entry of (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile())) {
    const path = join(entry.parentPath, entry.name);
    files[path.slice(dir.length)] = await readFile(path, 'utf8');
  }
  return files;
}
