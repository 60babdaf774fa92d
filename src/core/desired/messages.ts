/**
 * What can stop an identity from being synthesized, in the one diagnostic shape: the rule that
 * owns the problem, one of its message ids and the data to fill it. Lint reports a problem
 * through its owning rule (synth-constraints reports only its own), and synth, which must stop on
 * every problem whatever the policy or an exception says, reports it as a finding of that rule.
 */
import { renderMessage } from '../lint/messages.js';
import type { MessageData } from '../lint/types.js';
import { GRANT_REFERENCE_MESSAGES } from '../resolve.js';

export const SYNTH_CONSTRAINTS = 'synth-constraints';

/** The messages of synth-constraints: what IAM, Secrets Manager or the Terraform renderer would refuse. */
export const SYNTH_CONSTRAINTS_MESSAGES = {
  'iam-connector-disabled': 'account "{{account}}" does not enable the iam connector in catalog/accounts.yaml: Gatehouse does not manage IAM there',
  'secretsmanager-connector-disabled': 'account "{{account}}" does not enable the secretsmanager connector in catalog/accounts.yaml, so these secrets cannot be created',
  'access-key-on-role': 'synth issues access keys only to external workloads without a certificate: remove credentials.accessKey, or declare the workload as external',
  'name-length': 'the {{kind}} name "{{name}}" has {{length}} characters; IAM allows 1 to {{max}}',
  'name-characters': 'the {{kind}} name "{{name}}" may only use letters, digits and +=,.@_-',
  'path-length': 'the IAM path has {{length}} characters; IAM allows {{max}}',
  'path-format': 'the IAM path "{{path}}" must start and end with "/" and use printable ASCII',
  'description-length': 'the description has {{length}} characters; IAM allows {{max}}',
  'description-characters': 'the description contains {{character}} (U+{{codePoint}}); IAM descriptions allow only Latin-1 text',
  'tag-key-length': 'the tag key "{{key}}" must have 1 to {{max}} characters',
  'tag-key-reserved': 'the tag key "{{key}}" uses the reserved prefix aws:',
  'tag-key-characters': 'the tag key "{{key}}" uses characters IAM does not allow in tags',
  'trust-policy-size': 'the trust policy is {{size}} characters; IAM allows {{max}}',
  'github-environment-and-ref': 'set either environment or ref, not both: GitHub puts only the environment in the token subject when a job has one, so the ref could not be enforced',
  'roles-anywhere-as-service': '{{service}} is not an AWS service workload: declare external: { system, certificate: { subjectCN } }, which pins the certificate and the trust anchor',
  'no-trust-anchor': 'account "{{account}}" has no Roles Anywhere trust anchor in catalog/accounts.yaml: declare rolesAnywhere.trustAnchorArn for the account',
  'trust-anchor-not-recorded': 'account "{{account}}" has no Roles Anywhere trust anchor in catalog/accounts.yaml: apply the account bootstrap, which creates it, and set rolesAnywhere.trustAnchorArn to its trust_anchor_arn output',
  'external-has-no-trust': 'an external workload has no trust policy: it is an IAM user',
  'statement-without-actions': 'the statement names no actions: IAM needs actions or notActions',
  'statement-without-resources': 'the statement names no resources: IAM needs resources or notResources (write resources: ["*"] if that is really meant)',
  'statement-too-large': 'statement {{sid}} alone is {{size}} characters and cannot be split (it uses NotAction or NotResource, or one value is too long); a managed policy holds {{max}}',
  'too-many-managed-policies':
    'the grants need {{needed}} managed policies of up to {{max}} characters ({{size}} in all), but a principal can have at most {{allowed}} attached: use fewer or broader catalog roles, or split the identity',
  'secret-name-length': 'the secret name "{{secret}}" must have 1 to {{max}} characters',
  'secret-name-characters': 'the secret name "{{secret}}" may only use letters, digits and /_+=.@-',
  'secret-description-length': 'the secret description has {{length}} characters; Secrets Manager allows {{max}}',
  'rotation-too-frequent': 'secret "{{secret}}" rotates every {{every}}; Secrets Manager rotates at most every 4 hours',
  'rotation-too-rare': 'secret "{{secret}}" rotates every {{every}}; Secrets Manager rotates at least every 1000 days',
  'secret-declared-twice': 'secret "{{secret}}" is declared twice by this identity in account "{{account}}"',
  'secret-claimed-by-another': 'secret "{{secret}}" is declared also by {{other}} ({{otherFile}}) in account "{{account}}"',
  'secret-address-taken': 'secret "{{secret}}" would share the Terraform address {{address}} with secret "{{other}}" of {{otherIdentity}} ({{otherFile}}), and one would overwrite the other: rename one of them',
  'renderer-reserved-text': 'the text {{text}} contains "{TfToken[", which the Terraform renderer reserves: cdktf would substitute it as a reference, so it cannot be written to Terraform',
} as const;

export type SynthConstraintsMessageId = keyof typeof SYNTH_CONSTRAINTS_MESSAGES;

/**
 * Problems of the desired state that rules other than synth-constraints own, because they report
 * the same mistake in lint. Their templates are defined here, once, and those rules declare them
 * from here, so a problem synth finds reads exactly as lint's finding of the same mistake.
 */
export const DESIRED_PROBLEMS_OWNED_ELSEWHERE = {
  'unknown-account': { 'unknown-account': 'unknown account "{{account}}".{{didYouMean}}' },
  'duplicate-name': { 'name-taken': 'identity name "{{name}}" is already used by {{firstFile}}' },
  'eks-trust-pinned': { 'unknown-cluster': 'cluster "{{cluster}}" is not an EKS cluster of account "{{account}}" in catalog/accounts.yaml.{{didYouMean}}' },
} as const;

/** Every template a desired-state problem can be rendered with, by owning rule. */
export const DESIRED_PROBLEM_MESSAGES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  [SYNTH_CONSTRAINTS]: SYNTH_CONSTRAINTS_MESSAGES,
  'grant-reference': GRANT_REFERENCE_MESSAGES,
  ...DESIRED_PROBLEMS_OWNED_ELSEWHERE,
};

/** A message of synth-constraints with its data: what the builders report, before it gets a place. */
export interface ConstraintReport {
  readonly messageId: SynthConstraintsMessageId;
  readonly data: MessageData;
}

export function constraint(messageId: SynthConstraintsMessageId, data: MessageData = {}): ConstraintReport {
  return { messageId, data };
}

/** The text of a desired-state problem, for the places that print one (reconcile's notes, errors). */
export function describeProblem(problem: { readonly ruleId: string; readonly messageId: string; readonly data: MessageData }): string {
  return renderMessage({ id: problem.ruleId, messages: DESIRED_PROBLEM_MESSAGES[problem.ruleId] }, problem.messageId, problem.data);
}
