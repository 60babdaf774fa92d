import { desiredState } from '../../desired/index.js';
import { CSF, OWASP } from '../../lint/frameworks.js';
import { repositoryRule, type RuleFinding } from '../../lint/types.js';
import type { DocPath, SourcedIdentity } from '../../model.js';

const samePath = (a: DocPath, b: DocPath) => a.length === b.length && a.every((segment, i) => segment === b[i]);

export default repositoryRule(
  {
    id: 'synth-constraints',
    title: 'Identity cannot be synthesized',
    category: 'schema',
    severity: 'error',
    frameworks: [CSF.identitiesManaged, OWASP.insecureCloudConfig],
    description:
      'Runs the same desired-state model that synth uses, so that what IAM, Secrets Manager or Terraform would refuse (names and descriptions beyond IAM limits, a GitHub trust with both environment and ref, a statement without resources, a secret claimed twice, grants too large for ten managed policies) fails the pull request instead of the apply after merge.',
    fix: 'Follow the message: shorten or correct the field, or split the identity.',
  },
  ({ repository, today, grantsOf }) => {
    const byFile = new Map<string, SourcedIdentity>(repository.identities.map((i) => [i.file, i]));
    const nameCount = new Map<string, number>();
    for (const { doc } of repository.identities) nameCount.set(doc.metadata.name, (nameCount.get(doc.metadata.name) ?? 0) + 1);

    // Problems another schema rule already reports are left to it, so nothing is said twice.
    const reportedElsewhere = (identity: SourcedIdentity, path: DocPath, message: string): boolean => {
      const { doc } = identity;
      if (!(doc.spec.account in repository.catalog.accounts)) return true; // unknown-account
      if (grantsOf(identity).problems.some((p) => p.message === message)) return true; // grant-reference
      if (samePath(path, ['spec', 'workload', 'eks', 'cluster'])) return true; // eks-trust-pinned
      return samePath(path, ['metadata', 'name']) && (nameCount.get(doc.metadata.name) ?? 0) > 1; // duplicate-name
    };

    const findings: RuleFinding[] = [];
    for (const problem of desiredState(repository, { today }).problems) {
      const identity = byFile.get(problem.file);
      if (identity && reportedElsewhere(identity, problem.path, problem.message)) continue;
      findings.push({ message: problem.message, path: problem.path, file: problem.file, ...(problem.identity ? { identity: problem.identity } : {}) });
    }
    return findings;
  },
);
