/**
 * The domain model. Types come from the schemas (never written twice); this module only names
 * them for the core and adds the shapes that exist after loading.
 */
import type { AccountSpec, CatalogRoleSpec, IdentityDocument, PolicyDocument, WorkloadKind } from '../schema/index.js';

export type { AccountSpec, CatalogRoleSpec, IdentityDocument, PolicyDocument, WorkloadKind };
export type { Environment, GrantSpec, StatementSpec, ExceptionSpec, WorkloadSpec } from '../schema/index.js';

/** A path into a YAML document: map keys and sequence indexes, as the loader resolves them to lines. */
export type DocPath = readonly (string | number)[];

/** An identity together with the file it was read from (relative to the repository root, `/`-separated). */
export interface SourcedIdentity {
  readonly file: string;
  readonly doc: IdentityDocument;
}

export interface Catalog {
  readonly roles: Readonly<Record<string, CatalogRoleSpec>>;
  readonly accounts: Readonly<Record<string, AccountSpec>>;
  readonly policy: PolicyDocument;
}

export const CATALOG_FILES = {
  roles: 'catalog/roles.yaml',
  accounts: 'catalog/accounts.yaml',
  policy: 'catalog/policy.yaml',
} as const;

export interface Repository {
  readonly identities: readonly SourcedIdentity[];
  readonly catalog: Catalog;
}

export function workloadKind(doc: IdentityDocument): WorkloadKind {
  const workload = doc.spec.workload;
  for (const kind of ['eks', 'githubActions', 'awsService', 'crossAccount', 'external'] as const) {
    if (workload[kind] !== undefined) return kind;
  }
  throw new Error('unreachable: the schema guarantees exactly one workload kind');
}

/** The account's partition (aws, aws-us-gov, aws-cn), named by its deploy role's ARN: every other ARN uses it. */
export function accountPartition(account: AccountSpec): string {
  return account.deployRole.split(':')[1] ?? 'aws';
}

/** An external workload that presents a certificate to IAM Roles Anywhere: a role, and no key exists. */
export function usesRolesAnywhere(doc: IdentityDocument): boolean {
  return doc.spec.workload.external?.certificate !== undefined;
}

/** Identities that use static credentials rather than a role: an IAM user with an access key. */
export function usesStaticCredentials(doc: IdentityDocument): boolean {
  return (doc.spec.workload.external !== undefined && !usesRolesAnywhere(doc)) || doc.spec.credentials?.accessKey !== undefined;
}

/** What synth creates for the identity: an IAM user (with an access-key secret) only for an external workload without a certificate. */
export function principalType(doc: IdentityDocument): 'role' | 'user' {
  return doc.spec.workload.external !== undefined && !usesRolesAnywhere(doc) ? 'user' : 'role';
}
