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
  const raw: Record<string, string | undefined> = {
    [TAG.identity]: doc.metadata.name,
    [TAG.owner]: doc.metadata.owner,
    [TAG.expires]: doc.spec.expires,
    [TAG.classification]: doc.spec.dataClassification,
    [TAG.ticket]: doc.metadata.ticket,
    [TAG.commit]: provenance.commit,
    [TAG.change]: provenance.change,
  };
  const tags: Record<string, string> = {};
  for (const key of Object.keys(raw).sort()) {
    const value = sanitizeTagValue(raw[key] ?? '');
    if (value !== '') tags[key] = value;
  }
  return tags;
}
