/**
 * The tags every Gatehouse resource carries: who owns it, until when, and the commit and pull
 * request that put it there. Values are sanitized to IAM's tag characters; empty ones are left out.
 */
import type { IdentityDocument } from '../model.js';
import { sanitizeTagValue } from './iam-limits.js';
import type { Provenance } from './types.js';

export const TAG = {
  identity: 'gatehouse:identity',
  owner: 'gatehouse:owner',
  expires: 'gatehouse:expires',
  classification: 'gatehouse:classification',
  ticket: 'gatehouse:ticket',
  commit: 'gatehouse:commit',
  change: 'gatehouse:change',
} as const;

/** Set once per stack through the provider's default_tags: what reconcile uses to find shadow resources. */
export const MANAGED_BY_TAG = { key: 'gatehouse:managed-by', value: 'gatehouse' } as const;

export function identityTags(doc: IdentityDocument, provenance: Provenance): Record<string, string> {
  const own = sanitized({
    [TAG.identity]: doc.metadata.name,
    [TAG.owner]: doc.metadata.owner,
    [TAG.expires]: doc.spec.expires,
    [TAG.classification]: doc.spec.dataClassification,
    [TAG.ticket]: doc.metadata.ticket,
  });
  return withProvenanceTags(own, provenance);
}

/**
 * Tags (already sanitized) with the provenance tags added, sorted by key. Applied to the tags made
 * without provenance it gives exactly the tags made with it, which is how synth adds provenance to
 * the desired state lint computed (see provenance.ts).
 */
export function withProvenanceTags(tags: Readonly<Record<string, string>>, provenance: Provenance): Record<string, string> {
  const all: Record<string, string> = { ...tags, ...sanitized({ [TAG.commit]: provenance.commit, [TAG.change]: provenance.change }) };
  return Object.fromEntries(Object.keys(all).sort().map((key) => [key, all[key] as string]));
}

/** Values sanitized to IAM's tag rules; empty ones left out. */
function sanitized(raw: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    const clean = sanitizeTagValue(value ?? '');
    if (clean !== '') tags[key] = clean;
  }
  return tags;
}
