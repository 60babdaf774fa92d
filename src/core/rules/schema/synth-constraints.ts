import { SYNTH_CONSTRAINTS, SYNTH_CONSTRAINTS_MESSAGES } from '../../desired/messages.js';
import { CSF, OWASP } from '../../lint/frameworks.js';
import { repositoryRule, type RuleReport } from '../../lint/types.js';

export default repositoryRule(
  {
    id: SYNTH_CONSTRAINTS,
    title: 'Identity cannot be synthesized',
    category: 'schema',
    severity: 'error',
    frameworks: [CSF.identitiesManaged, OWASP.insecureCloudConfig],
    description:
      'Runs the same desired-state model that synth uses, so that what IAM, Secrets Manager or Terraform would refuse (names and descriptions beyond IAM limits, a GitHub trust with both environment and ref, a statement without resources, a secret claimed twice, grants too large for ten managed policies, text the Terraform renderer reserves) fails the pull request instead of the apply after merge.',
    fix: 'Follow the message: shorten or correct the field, or split the identity.',
    // The templates live beside the desired state, which reports the problems: synth renders them too.
    messages: SYNTH_CONSTRAINTS_MESSAGES,
  },
  ({ desired }) =>
    // Only its own problems: the desired state names the rule that reports each of the others
    // (grant-reference, unknown-account, duplicate-name, eks-trust-pinned), so nothing is said twice.
    desired()
      .problems.filter((problem) => problem.ruleId === SYNTH_CONSTRAINTS)
      .map((problem): RuleReport => ({ messageId: problem.messageId, data: problem.data, path: problem.path, file: problem.file, ...(problem.identity ? { identity: problem.identity } : {}) })),
);
