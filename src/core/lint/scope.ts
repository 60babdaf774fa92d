/**
 * Which findings a change answers for. A pull request (or `lint PATH...`) is failed only by
 * findings on what it touches: the identity files it changes, the identities a catalog edit
 * affects, and the catalog files it changes. Everything else is still shown, as a note, so one
 * team's overdue review never blocks another team's pull request.
 */
import type { Catalog, SourcedIdentity } from '../model.js';
import { CATALOG_FILES } from '../model.js';
import type { Finding } from './types.js';

export interface ChangeScope {
  /** Files (relative to the root) the change touches: identity and catalog files. */
  readonly files: ReadonlySet<string>;
  /** Identities whose access a catalog edit changes, though their files did not. */
  readonly identities: ReadonlySet<string>;
}

/** Findings outside the scope become notes, marked so renderers can say why. */
export function scopeFindings(findings: readonly Finding[], scope: ChangeScope): Finding[] {
  return findings.map((finding) => (inScope(finding, scope) || finding.severity === 'info' ? finding : { ...finding, severity: 'info', outsideChange: true }));
}

function inScope(finding: Finding, scope: ChangeScope): boolean {
  return scope.files.has(finding.file) || (finding.identity !== undefined && scope.identities.has(finding.identity));
}

/**
 * Identities a catalog edit affects: those granted a role whose definition changed, those in an
 * account whose entry changed, and every identity when the policy (caps, limits) changed.
 */
export function affectedByCatalog(before: Catalog | undefined, after: Catalog, identities: readonly SourcedIdentity[], changedFiles: ReadonlySet<string>): Set<string> {
  const names = (filter: (identity: SourcedIdentity) => boolean) => new Set(identities.filter(filter).map((identity) => identity.doc.metadata.name));
  if (before === undefined || changedFiles.has(CATALOG_FILES.policy)) return names(() => true);
  const changedRoles = changedKeys(before.roles, after.roles);
  const changedAccounts = changedKeys(before.accounts, after.accounts);
  if (changedRoles.size === 0 && changedAccounts.size === 0) return new Set();
  return names(
    (identity) =>
      changedAccounts.has(identity.doc.spec.account) || identity.doc.spec.grants.some((grant) => 'role' in grant && grant.role !== undefined && changedRoles.has(grant.role)),
  );
}

function changedKeys(before: Readonly<Record<string, unknown>>, after: Readonly<Record<string, unknown>>): Set<string> {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return new Set([...keys].filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key])));
}
