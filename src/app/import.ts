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
import type { AwsInventoryPort, LiveRole } from '../ports/aws-inventory.js';
import type { FileSource } from '../ports/file-source.js';
import { IdentitySchema } from '../schema/index.js';
import { accountTarget, loadGoverned } from './lifecycle-repository.js';
import { reconcile } from './reconcile.js';
import type { Repository } from '../core/model.js';
import { TAG } from '../core/desired/tags.js';

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
  return importFrom(repository, inventory, request);
}

async function importFrom(
  repository: Repository,
  inventory: AwsInventoryPort,
  request: ImportRequest,
  options: { readonly command: string; readonly ownerOf?: (role: LiveRole) => string | undefined } = { command: `--role ${request.role}` },
): Promise<ImportResult> {
  const account = repository.catalog.accounts[request.account];
  if (account === undefined) {
    throw new ImportError(`unknown account "${request.account}": use a key of catalog/accounts.yaml.${didYouMean(request.account, Object.keys(repository.catalog.accounts))}`);
  }
  const role = await inventory.readRoleByName(accountTarget(request.account, account), request.role);
  if (role === undefined) throw new ImportError(`account ${request.account} (${account.id}) has no role named "${request.role}" (role names are case-sensitive)`);
  if (role.serviceLinked) throw new ImportError(`${request.role} is a service-linked role: AWS creates and deletes it, so it is not imported`);

  const owner = options.ownerOf?.(role);
  let imported: ImportedIdentity;
  try {
    imported = importRole(role, request.account, repository.catalog, request.today, owner ?? '');
  } catch (error) {
    if (error instanceof UnmappableTrustError) throw new ImportError(error.message);
    throw error;
  }
  const clash = repository.identities.find((identity) => identity.doc.metadata.name === imported.name);
  if (clash !== undefined) throw new ImportError(`an identity named "${imported.name}" already exists in ${clash.file}: it is not a shadow identity`);

  const checked = IdentitySchema.safeParse(imported.document);
  if (!checked.success) throw new Error(`import produced an identity the schema rejects (a Gatehouse bug): ${checked.error.issues[0]?.message}`);
  const directory = owner ? teamDirectory(owner) : 'imported';
  return { imported, yaml: toYaml(imported, workloadKind(checked.data), request, options.command, owner), defaultPath: `identities/${directory}/${imported.name}.yaml` };
}

/** `@acme/payments` → `payments`: where the team's identity files live. */
function teamDirectory(owner: string): string {
  return owner.replace(/^@[^/]*\//, '').replace(/[^A-Za-z0-9._-]+/g, '-');
}

function toYaml(imported: ImportedIdentity, kind: string, request: ImportRequest, command: string, owner: string | undefined): string {
  const header = [
    `Imported by \`gatehouse import --account ${request.account} ${command}\` on ${request.today}.`,
    owner ? `The owner comes from the role's gatehouse:owner tag: confirm it. Review every field, then open a pull request.` : 'Review every field, fill in the owner, then open a pull request.',
    ...(imported.notes.length === 0 ? [] : ['', 'Notes from the import:', ...imported.notes.map((note) => `- ${note}`)]),
  ];
  return emitYaml(imported.document, {
    header,
    comments: [
      ...(owner ? [] : [{ path: ['metadata', 'owner'], comment: 'TODO: the GitHub team accountable for this identity, e.g. "@acme/payments" (lint fails until set)' }]),
      { path: ['spec', 'dataClassification'], comment: 'TODO: classify the data this identity can reach (public | internal | confidential | restricted)' },
      { path: ['spec', 'review'], comment: 'The approval of the pull request that adds this file is its first review' },
      { path: ['spec', 'grants'], comment: 'Copied from the live role: narrow them, or replace them with catalog roles (catalog/roles.yaml)' },
    ],
    flow: [['spec', 'workload', kind]],
  });
}

export interface ShadowImport {
  readonly results: readonly ImportResult[];
  /** Shadow roles that could not be imported (trust fits no workload kind, a name taken twice), and why. */
  readonly skipped: readonly { readonly role: string; readonly reason: string }[];
}

/**
 * `--shadow`: an identity file for every shadow role reconcile finds in the account. The owner
 * is the role's `gatehouse:owner` tag when reconcile accepts it as a team of the policy (the same
 * judgement it makes for its issues); otherwise it is left empty for lint to ask for.
 */
export async function importShadowIdentities(source: FileSource, inventory: AwsInventoryPort, request: { readonly account: string; readonly today: string }): Promise<ShadowImport> {
  const { repository } = await loadGoverned(source, { complete: true, job: 'import --shadow' });
  if (repository.catalog.accounts[request.account] === undefined) {
    throw new ImportError(`unknown account "${request.account}": use a key of catalog/accounts.yaml.${didYouMean(request.account, Object.keys(repository.catalog.accounts))}`);
  }
  const run = await reconcile(source, inventory, { today: request.today, accounts: [request.account] });
  const unreachable = run.accounts.find((account) => account.status === 'unreachable');
  if (unreachable !== undefined) throw new ImportError(`account ${request.account} could not be read: ${unreachable.error}`);
  const shadows = run.findings.filter((finding) => finding.kind === 'shadow' && finding.resource.type === 'role');
  const results: ImportResult[] = [];
  const skipped: { role: string; reason: string }[] = [];
  const taken = new Map<string, string>();
  for (const finding of shadows) {
    const role = finding.resource.name;
    try {
      // Reconcile already judged the tag: its owner is the tag only when the tag names a team of the policy.
      const ownerOf = (live: LiveRole) => (live.tags[TAG.owner]?.trim() === finding.owner ? finding.owner : undefined);
      const result = await importFrom(repository, inventory, { account: request.account, role, today: request.today }, { command: '--shadow', ownerOf });
      const earlier = taken.get(result.imported.name);
      if (earlier !== undefined) {
        skipped.push({ role, reason: `its identity name "${result.imported.name}" is already taken by role ${earlier}: import it by hand with --role and --out` });
        continue;
      }
      taken.set(result.imported.name, role);
      results.push(result);
    } catch (error) {
      if (!(error instanceof ImportError)) throw error;
      skipped.push({ role, reason: error.message });
    }
  }
  return { results, skipped };
}
