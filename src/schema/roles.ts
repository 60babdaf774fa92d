import { z } from 'zod';
import { ApiVersion } from './common.js';
import { Statement } from './identity.js';

export const WorkloadKind = z.enum(['eks', 'githubActions', 'awsService', 'crossAccount', 'external']);
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
  type: z.enum(['string', 'number', 'boolean']).default('string'),
  description: z.string().optional(),
  /** A parameter with a default is optional in a grant. */
  default: z.union([z.string(), z.number(), z.boolean()]).optional(),
  /** Regular expression a string value must match in full: keeps wildcards and ARNs out of names. */
  pattern: z.string().refine(compiles, 'not a valid regular expression').optional(),
});

export const CatalogRole = z.strictObject({
  description: z.string().min(1),
  owner: z.string().optional(),
  workloads: z.array(WorkloadKind).min(1),
  params: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/), RoleParameter).default({}),
  statements: z.array(Statement).min(1),
});

export const RoleCatalogSchema = z.strictObject({
  apiVersion: ApiVersion,
  kind: z.literal('RoleCatalog'),
  roles: z.record(z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'role names are lower-case kebab-case'), CatalogRole),
});

export type RoleCatalogDocument = z.infer<typeof RoleCatalogSchema>;
export type CatalogRoleSpec = z.infer<typeof CatalogRole>;
export type RoleParameterSpec = z.infer<typeof RoleParameter>;
