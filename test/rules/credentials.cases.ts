import { identity, identityFile, type RuleTable } from './harness.js';

const file = identityFile();

export const VALID_EXCEPTION = `
  - rule: static-credentials
    reason: The vendor appliance cannot use OIDC until its Q1 firmware upgrade.
    approvedBy: "@acme/security"
    expires: 2027-01-31`;

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
        absent: ['exception-invalid', 'exception-unused'],
      },
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
