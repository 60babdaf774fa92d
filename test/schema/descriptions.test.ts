/** The JSON Schemas editors read document every field, and `metadata.owner` shows the team form. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { IdentitySchema, TeamRef } from '../../src/schema/index.js';
import { renderJsonSchemas } from '../../src/schema/json-schema.js';
import { REPO_ROOT } from '../support/repo-fixture.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const escape = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');

/** The JSON pointer of every property (at any depth: items, records, unions) with no description. */
function undocumented(node: Json, pointer = ''): string[] {
  if (node === null || typeof node !== 'object') return [];
  if (Array.isArray(node)) return node.flatMap((child, index) => undocumented(child, `${pointer}/${index}`));
  const missing: string[] = [];
  const properties = node.properties;
  if (properties && typeof properties === 'object' && !Array.isArray(properties)) {
    for (const [name, property] of Object.entries(properties)) {
      const description = property && typeof property === 'object' && !Array.isArray(property) ? property.description : undefined;
      if (typeof description !== 'string' || description.trim() === '') missing.push(`${pointer}/properties/${escape(name)}`);
    }
  }
  for (const [key, child] of Object.entries(node)) missing.push(...undocumented(child, `${pointer}/${escape(key)}`));
  return missing;
}

const schemas = Object.entries(renderJsonSchemas()).map(([file, text]) => [file, JSON.parse(text) as Json] as const);

describe('descriptions in the JSON Schemas', () => {
  it.each(schemas)('%s has a description on every property, for hover documentation', (file, schema) => {
    const missing = undocumented(schema).map((pointer) => `${file}#${pointer}`);
    expect(missing, `properties without a description (give the zod field a .describe()):\n${missing.join('\n')}`).toEqual([]);
  });

  it('the walk is not vacuous: it names the pointer of an undocumented field, nested and in a list', () => {
    const schema = z.strictObject({
      documented: z.string().describe('A field with a description.'),
      plain: z.string(),
      nested: z.strictObject({ 'a/b': z.number() }).describe('An object with an undocumented field.'),
      list: z.array(z.strictObject({ inner: z.boolean() })).describe('A list of objects.'),
    });
    expect(undocumented(z.toJSONSchema(schema, { io: 'input' }) as Json)).toEqual([
      '/properties/plain',
      '/properties/nested/properties/a~1b',
      '/properties/list/items/properties/inner',
    ]);
  });

  it('every schema has properties to check', () => {
    for (const [, schema] of schemas) expect(Object.keys((schema as { properties: object }).properties).length).toBeGreaterThan(2);
  });
});

describe('metadata.owner in identity.schema.json', () => {
  const schema = schemas.find(([file]) => file === 'identity.schema.json')![1] as { properties: { metadata: { properties: { owner: { pattern: string } } } } };
  const ajv = new Ajv2020.default({ allErrors: true, strict: false });
  const validate = ajv.compile(schema);
  const example = parse(readFileSync(join(REPO_ROOT, 'test/fixtures/example-org/identities/payments/payments-api.yaml'), 'utf8')) as { metadata: Record<string, unknown> };
  const withOwner = (owner: string) => ({ ...example, metadata: { ...example.metadata, owner } });

  it('has the pattern of TeamRef', () => {
    expect(schema.properties.metadata.properties.owner.pattern).toBe((z.toJSONSchema(TeamRef) as { pattern: string }).pattern);
  });

  it('accepts "@acme/payments"', () => {
    expect(validate(withOwner('@acme/payments')), JSON.stringify(validate.errors, null, 2)).toBe(true);
  });

  it('rejects "payments", at /metadata/owner', () => {
    expect(validate(withOwner('payments'))).toBe(false);
    expect(validate.errors?.map((e) => [e.instancePath, e.keyword])).toEqual([['/metadata/owner', 'pattern']]);
  });

  it('is for editors only: the loader still accepts any owner string, which the ownership rules judge', () => {
    expect(IdentitySchema.safeParse(withOwner('payments')).success).toBe(true);
    const { owner: _owner, ...metadata } = example.metadata;
    expect(IdentitySchema.safeParse({ ...example, metadata }).success).toBe(true);
  });
});
