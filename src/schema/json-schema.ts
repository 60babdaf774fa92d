/** JSON Schemas for editors (yaml-language-server), generated from the zod schemas. */
import { z } from 'zod';
import { AccountCatalogSchema, IdentitySchema, PolicySchema, RoleCatalogSchema } from './index.js';

export const JSON_SCHEMA_FILES = {
  'identity.schema.json': IdentitySchema,
  'roles.schema.json': RoleCatalogSchema,
  'accounts.schema.json': AccountCatalogSchema,
  'policy.schema.json': PolicySchema,
} as const;

export function renderJsonSchemas(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(JSON_SCHEMA_FILES).map(([file, schema]) => {
      // io: 'input' describes what users write (defaults optional), not what the loader produces.
      const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
      return [file, `${JSON.stringify({ ...json, $id: `https://gatehouse.dev/schema/${file}` }, null, 2)}\n`];
    }),
  );
}
