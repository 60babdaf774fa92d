import { OWASP, SP800_53 } from '../../lint/frameworks.js';
import { identityRule } from '../../lint/types.js';
import type { DocPath } from '../../model.js';

/**
 * Shapes of secret values, most specific first, never their content: the message names the kind and the field only,
 * so the finding (in a PR comment, SARIF, a log) does not repeat the value it found.
 */
const SECRET_SHAPES: readonly { readonly kind: string; readonly pattern: RegExp }[] = [
  { kind: 'an AWS access key id', pattern: /\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b/ },
  { kind: 'a private key', pattern: /-----BEGIN (?:[A-Z]+ )*PRIVATE KEY-----/ },
  { kind: 'a GitHub token', pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{40,})\b/ },
  { kind: 'a Slack token', pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}\b/ },
  // Last, as the least specific: 40 base64 characters mixing upper case, lower case and digits. Commit SHAs (hex) do not qualify.
  { kind: 'an AWS secret access key', pattern: /(?<![A-Za-z0-9/+=])(?=[A-Za-z0-9/+]*[A-Z])(?=[A-Za-z0-9/+]*[a-z])(?=[A-Za-z0-9/+]*[0-9])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/ },
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
  },
  ({ doc }) => {
    const findings = [];
    for (const { text, path } of strings(doc, [])) {
      const shape = SECRET_SHAPES.find(({ pattern }) => pattern.test(text));
      if (shape) findings.push({ message: `${path.join('.')} holds what looks like ${shape.kind}: never write secret values into identity files`, path });
    }
    return findings;
  },
);
