import { z } from 'zod';
import { ApiVersion } from './common.js';
import { Statement } from './identity.js';

export const WorkloadKind = z.enum(['eks', 'githubActions', 'awsService', 'crossAccount', 'external']).describe('A workload kind: `eks`, `githubActions`, `awsService`, `crossAccount` or `external`.');
export type WorkloadKind = z.infer<typeof WorkloadKind>;

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}

const RoleParameter = z.strictObject({
  type: z.enum(['string', 'number', 'boolean']).default('string').describe('The type of the value a grant gives: `string` (the default), `number` or `boolean`.'),
  description: z.string().optional().describe('What the parameter is, shown when a grant leaves it out: for example `key prefix ending in /, or empty for the whole bucket`.'),
  /** A parameter with a default is optional in a grant. */
  default: z.union([z.string(), z.number(), z.boolean()]).optional().describe('The value used when a grant leaves the parameter out; a parameter with a default is optional in a grant.'),
  /** Regular expression a string value must match in full: keeps wildcards and ARNs out of names. */
  pattern: z.string().refine(compiles, 'not a valid regular expression').optional().describe('A regular expression a string value must match in full, to keep wildcards and ARNs out of names: no anchors needed, for example `[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]`.'),
});

export const CatalogRole = z.strictObject({
  description: z.string().min(1).describe('What the role grants, in one sentence: for example `Send messages to one SQS queue.`'),
  owner: z.string().optional().describe('The team that maintains the role, `@org/team`: for example `@acme/platform`.'),
  workloads: z.array(WorkloadKind).min(1).describe('The workload kinds the role fits: for example `[eks, githubActions]`.'),
  params: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/), RoleParameter).default({}).describe('Typed parameters a grant gives values to, by name (letters and digits, starting with a letter), used as `{name}` placeholders in the statements.'),
  statements: z.array(Statement).min(1).describe('The IAM statements of the role, with `{param}` placeholders; `{account}`, `{region}`, `{partition}` and `{identity}` are built in, and IAM policy variables such as `${aws:username}` are left alone.'),
});

export const RoleCatalogSchema = z.strictObject({
  apiVersion: ApiVersion,
  kind: z.literal('RoleCatalog').describe('Always `RoleCatalog`: the least-privilege role catalog, catalog/roles.yaml.'),
  roles: z.record(z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'role names are lower-case kebab-case'), CatalogRole).describe('The catalog roles by name (lower-case kebab-case, for example `s3-object-reader`), which identities grant with `role:`.'),
});

export type RoleCatalogDocument = z.infer<typeof RoleCatalogSchema>;
export type CatalogRoleSpec = z.infer<typeof CatalogRole>;
export type RoleParameterSpec = z.infer<typeof RoleParameter>;
