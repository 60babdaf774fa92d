import { CSF, OWASP, SP800_53 } from '../../lint/frameworks.js';
import { repositoryRule } from '../../lint/types.js';
import type { IdentityDocument } from '../../model.js';

/** A key that is equal for two identities exactly when the same workload can assume both. */
function workloadBinding(doc: IdentityDocument): string | undefined {
  const w = doc.spec.workload;
  if (w.eks) return `eks:${doc.spec.account}:${w.eks.cluster}/${w.eks.namespace}/${w.eks.serviceAccount}`;
  if (w.githubActions) return `github:${w.githubActions.repo.toLowerCase()}:${w.githubActions.environment ?? ''}:${w.githubActions.ref ?? ''}:${doc.spec.account}`;
  if (w.crossAccount) return `cross:${doc.spec.account}:${w.crossAccount.accountId}:${w.crossAccount.externalId ?? ''}`;
  // A certificate subject is the workload itself, whatever system name each file gives it.
  if (w.external?.certificate) return `certificate:${doc.spec.account}:${w.external.certificate.subjectCN}`;
  if (w.external) return `external:${doc.spec.account}:${w.external.system}`;
  return undefined; // one AWS service legitimately assumes many roles
}

export default repositoryRule(
  {
    id: 'workload-reuse',
    title: 'Two identities bound to the same workload',
    category: 'reuse',
    severity: 'warning',
    frameworks: [OWASP.reuse, CSF.identitiesManaged, SP800_53.accountManagement],
    description: 'One workload, one identity. Two identities for the same service account, pipeline or vendor blur ownership and add up to more access than either review saw.',
    fix: 'Merge the grants into one identity, or bind the second identity to its own workload.',
  },
  ({ repository }) => {
    const first = new Map<string, { name: string; file: string }>();
    const findings = [];
    for (const { doc, file } of repository.identities) {
      const key = workloadBinding(doc);
      if (key === undefined) continue;
      const seen = first.get(key);
      if (!seen) first.set(key, { name: doc.metadata.name, file });
      else findings.push({ message: `the same workload is already bound to identity "${seen.name}" (${seen.file})`, path: ['spec', 'workload'], file, identity: doc.metadata.name });
    }
    return findings;
  },
);
