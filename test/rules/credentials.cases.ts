import { identity, identityFile, type RuleTable } from './harness.js';

const file = identityFile();

export const VALID_EXCEPTION = `
  - rule: static-credentials
    reason: The vendor appliance cannot use OIDC until its Q1 firmware upgrade.
    approvedBy: "@acme/security"
    expires: 2027-01-31
    appliesTo:
      - path: spec.workload.external`;

export const credentialsTables: RuleTable[] = [
  {
    rule: 'static-credentials',
    fires: [
      {
        name: 'an external system',
        files: { [file]: identity({ workload: 'external: { system: legacy-vendor }   # expect: static-credentials:15', specExtra: 'credentials:\n  accessKey: { rotateEvery: 30d }' }) },
        message: /^external system "legacy-vendor" uses a static access key: give it a certificate \(external\.certificate\.subjectCN, IAM Roles Anywhere\) or an approved exception$/,
      },
      {
        name: 'an access key next to a role workload',
        files: { [file]: identity({ specExtra: 'credentials:\n  accessKey: { rotateEvery: 30d }   # expect: static-credentials:16' }) },
        message: /^spec\.credentials\.accessKey issues a static access key/,
      },
    ],
    passes: [
      { name: 'a role workload', files: { [file]: identity() } },
      { name: 'an external system with a Roles Anywhere certificate: no key exists', files: { [file]: identity({ workload: 'external: { system: legacy-vendor, certificate: { subjectCN: reporting.acme.example } }' }) }, absent: ['access-key-rotation'] },
      {
        name: 'an approved exception suppresses it',
        files: { [file]: identity({ workload: 'external: { system: legacy-vendor }', specExtra: `credentials:\n  accessKey: { rotateEvery: 30d }\nexceptions:${VALID_EXCEPTION}` }) },
        suppressed: ['static-credentials'],
        absent: ['exception-invalid', 'exception-unused', 'exception-broad'],
      },
    ],
  },
  {
    rule: 'literal-secret',
    fires: [
      {
        name: 'an access key id in the description, named by kind, never repeated',
        files: { [file]: identity({ description: 'Uploads with AKIAIOSFODNN7EXAMPLE until the move   # expect: literal-secret:16' }) },
        message: /^metadata\.description holds what looks like an AWS access key id: never write secret values into identity files$/,
      },
      {
        name: 'a secret access key in a secret description',
        files: { [file]: identity({ specExtra: 'secrets:\n  - name: orders/upload-key\n    description: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY   # expect: literal-secret:20' }) },
        message: /^spec\.secrets\.0\.description holds what looks like an AWS secret access key/,
      },
      {
        name: 'a GitHub token in an exception reason',
        files: { [file]: identity({ specExtra: `exceptions:\n  - rule: static-credentials\n    reason: the CI uses ghp_${'a1B2c3D4e5'.repeat(4)} for now   # expect: literal-secret:15\n    approvedBy: "@acme/security"\n    expires: 2027-01-31` }) },
        message: /^spec\.exceptions\.0\.reason holds what looks like a GitHub token/,
      },
    ],
    passes: [
      { name: 'a commit SHA is not a secret key', files: { [file]: identity({ metadataExtra: 'ticket: 4f1c2b7e9a3d4e5f8b6a0c1d2e3f4a5b6c7d8e9f' }) } },
      { name: 'an ordinary identity', files: { [file]: identity() } },
    ],
  },
  {
    rule: 'access-key-rotation',
    fires: [
      {
        name: 'an external system without credentials: points at spec',
        files: { [file]: identity({ workload: 'external: { system: legacy-vendor }   # expect: static-credentials', marks: { spec: 'access-key-rotation:1' } }) },
        message: /^the access key has no rotation period: set spec\.credentials\.accessKey\.rotateEvery \(at most 90d\)$/,
      },
      { name: 'an access key without rotateEvery', files: { [file]: identity({ workload: 'external: { system: legacy-vendor }', specExtra: 'credentials:\n  accessKey: {}   # expect: access-key-rotation:16' }) } },
      {
        name: 'rotation slower than the policy maximum',
        files: { [file]: identity({ workload: 'external: { system: legacy-vendor }', specExtra: 'credentials:\n  accessKey: { rotateEvery: 180d }   # expect: access-key-rotation:31' }) },
        message: /^the access key rotates every 180d, beyond the policy maximum of 90d$/,
      },
    ],
    passes: [
      { name: 'rotated within policy', files: { [file]: identity({ workload: 'external: { system: legacy-vendor }', specExtra: 'credentials:\n  accessKey: { rotateEvery: 30d }' }) } },
      { name: 'no static credentials', files: { [file]: identity() } },
    ],
  },
];
