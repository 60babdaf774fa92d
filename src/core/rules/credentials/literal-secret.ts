import { OWASP, SP800_53 } from '../../lint/frameworks.js';
import { identityRule, type RuleReport } from '../../lint/types.js';
import type { DocPath } from '../../model.js';

/**
 * Shapes of secret values, most specific first, never their content: the message and its data name the kind and
 * the field only, so the finding (in a PR comment, SARIF, JSON, a log) does not repeat the value it found.
 * `shape` is the kind for machines (permanent, like a message id), `kind` the words for people.
 */
const SECRET_SHAPES: readonly { readonly shape: string; readonly kind: string; readonly pattern: RegExp }[] = [
  { shape: 'aws-access-key-id', kind: 'an AWS access key id', pattern: /\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b/ },
  { shape: 'private-key', kind: 'a private key', pattern: /-----BEGIN (?:[A-Z]+ )*PRIVATE KEY-----/ },
  { shape: 'github-token', kind: 'a GitHub token', pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{40,})\b/ },
  { shape: 'slack-token', kind: 'a Slack token', pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}\b/ },
  // Last, as the least specific: 40 base64 characters mixing upper case, lower case and digits. Commit SHAs (hex) do not qualify.
  { shape: 'aws-secret-access-key', kind: 'an AWS secret access key', pattern: /(?<![A-Za-z0-9/+=])(?=[A-Za-z0-9/+]*[A-Z])(?=[A-Za-z0-9/+]*[a-z])(?=[A-Za-z0-9/+]*[0-9])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/ },
];

function* strings(value: unknown, path: DocPath): Generator<{ readonly text: string; readonly path: DocPath }> {
  if (typeof value === 'string') yield { text: value, path };
  else if (Array.isArray(value)) for (const [index, item] of value.entries()) yield* strings(item, [...path, index]);
  else if (value !== null && typeof value === 'object') for (const [key, item] of Object.entries(value)) yield* strings(item, [...path, key]);
}

export default identityRule(
  {
    id: 'literal-secret',
    title: 'A secret value written into an identity file',
    category: 'credentials',
    severity: 'error',
    frameworks: [OWASP.secretLeakage, SP800_53.authenticatorManagement],
    description: 'Identity files are read by everyone with access to the repository, copied into pull request comments and kept in git history forever. A key, token or private key written into any field is leaked the moment it is pushed.',
    fix: 'Remove the value, rotate the credential (it is in git history now), and store secrets in Secrets Manager: spec.secrets names a secret, never its value.',
    messages: {
      'secret-value': '{{field}} holds what looks like {{kind}}: never write secret values into identity files',
    },
  },
  ({ doc }) => {
    const findings: RuleReport[] = [];
    for (const { text, path } of strings(doc, [])) {
      const found = SECRET_SHAPES.find(({ pattern }) => pattern.test(text));
      if (found) findings.push({ messageId: 'secret-value', data: { field: path.join('.'), shape: found.shape, kind: found.kind }, path });
    }
    return findings;
  },
);
