import type { IdentityDocument, SourcedIdentity } from '../../model.js';
import { findTeam } from '../../teams.js';

/** A key that is equal for two identities exactly when the same workload can assume both. */
export function workloadBinding(doc: IdentityDocument): string | undefined {
  const w = doc.spec.workload;
  if (w.eks) return `eks:${doc.spec.account}:${w.eks.cluster}/${w.eks.namespace}/${w.eks.serviceAccount}`;
  if (w.githubActions) return `github:${w.githubActions.repo.toLowerCase()}:${w.githubActions.environment ?? ''}:${w.githubActions.ref ?? ''}:${doc.spec.account}`;
  if (w.crossAccount) return `cross:${doc.spec.account}:${w.crossAccount.accountId}:${w.crossAccount.externalId ?? ''}`;
  // A certificate subject is the workload itself, whatever system name each file gives it.
  if (w.external?.certificate) return `certificate:${doc.spec.account}:${w.external.certificate.subjectCN}`;
  if (w.external) return `external:${doc.spec.account}:${w.external.system}`;
  return undefined; // one AWS service legitimately assumes many roles
}

/** Identities grouped by the workload that can assume them: only groups of two or more. */
export function sharedWorkloads(identities: readonly SourcedIdentity[]): SourcedIdentity[][] {
  const groups = new Map<string, SourcedIdentity[]>();
  for (const identity of identities) {
    const key = workloadBinding(identity.doc);
    if (key === undefined) continue;
    const group = groups.get(key);
    if (group) group.push(identity);
    else groups.set(key, [identity]);
  }
  return [...groups.values()].filter((group) => group.length > 1);
}

/** Owners compare as teams do everywhere else (case-insensitively); two missing owners are not the same owner. */
export const sameOwner = (a: IdentityDocument, b: IdentityDocument) => a.metadata.owner !== undefined && findTeam([a.metadata.owner], b.metadata.owner) !== undefined;
