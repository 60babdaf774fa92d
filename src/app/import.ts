/**
 * The import use case: read one live role and write an identity file for it, so a shadow
 * identity comes under governance through an ordinary pull request. The file is checked against
 * the identity schema before it is written; lint findings (the owner to fill in, loose trust or
 * wildcards carried over from the live role) are expected and are the point.
 */
import { emitYaml } from '../adapters/yaml-edit.js';
import { importRole, UnmappableTrustError, type ImportedIdentity } from '../core/lifecycle/import.js';
import { workloadKind } from '../core/model.js';
import { didYouMean } from '../core/text/suggest.js';
import type { AwsInventoryPort } from '../ports/aws-inventory.js';
import type { FileSource } from '../ports/file-source.js';
import { IdentitySchema } from '../schema/index.js';
import { accountTarget, loadGoverned } from './lifecycle-repository.js';

/** The role cannot be imported as asked; the message says why and what to do. */
export class ImportError extends Error {}

export interface ImportRequest {
  readonly account: string;
  readonly role: string;
  readonly today: string;
}

export interface ImportResult {
  readonly imported: ImportedIdentity;
  readonly yaml: string;
  /** Where the file belongs by convention: identities/imported/<name>.yaml. */
  readonly defaultPath: string;
}

export async function importIdentity(source: FileSource, inventory: AwsInventoryPort, request: ImportRequest): Promise<ImportResult> {
  const { repository } = await loadGoverned(source, { complete: false, job: 'import' });
  const account = repository.catalog.accounts[request.account];
  if (account === undefined) {
    throw new ImportError(`unknown account "${request.account}": use a key of catalog/accounts.yaml.${didYouMean(request.account, Object.keys(repository.catalog.accounts))}`);
  }
  const role = await inventory.readRoleByName(accountTarget(request.account, account), request.role);
  if (role === undefined) throw new ImportError(`account ${request.account} (${account.id}) has no role named "${request.role}" (role names are case-sensitive)`);
  if (role.serviceLinked) throw new ImportError(`${request.role} is a service-linked role: AWS creates and deletes it, so it is not imported`);

  let imported: ImportedIdentity;
  try {
    imported = importRole(role, request.account, repository.catalog, request.today);
  } catch (error) {
    if (error instanceof UnmappableTrustError) throw new ImportError(error.message);
    throw error;
  }
  const clash = repository.identities.find((identity) => identity.doc.metadata.name === imported.name);
  if (clash !== undefined) throw new ImportError(`an identity named "${imported.name}" already exists in ${clash.file}: it is not a shadow identity`);

  const checked = IdentitySchema.safeParse(imported.document);
  if (!checked.success) throw new Error(`import produced an identity the schema rejects (a Gatehouse bug): ${checked.error.issues[0]?.message}`);
  return { imported, yaml: toYaml(imported, workloadKind(checked.data), request), defaultPath: `identities/imported/${imported.name}.yaml` };
}

function toYaml(imported: ImportedIdentity, kind: string, request: ImportRequest): string {
  const header = [
    `Imported by \`gatehouse import --account ${request.account} --role ${request.role}\` on ${request.today}.`,
    'Review every field, fill in the owner, then open a pull request.',
    ...(imported.notes.length === 0 ? [] : ['', 'Notes from the import:', ...imported.notes.map((note) => `- ${note}`)]),
  ];
  return emitYaml(imported.document, {
    header,
    comments: [
      { path: ['metadata', 'owner'], comment: 'TODO: the GitHub team accountable for this identity, e.g. "@acme/payments" (lint fails until set)' },
      { path: ['spec', 'dataClassification'], comment: 'TODO: classify the data this identity can reach (public | internal | confidential | restricted)' },
      { path: ['spec', 'grants'], comment: 'Copied from the live role: narrow them, or replace them with catalog roles (catalog/roles.yaml)' },
    ],
    flow: [['spec', 'workload', kind]],
  });
}
