/**
 * Framework references used by the rules. OWASP Non-Human Identities Top 10 (2025), NIST CSF 2.0
 * (CSF 1.1 PR.AC-4 moved into PR.AA-05), NIST SP 800-53 rev. 5, and CSA MAESTRO layers.
 */
export const OWASP = {
  improperOffboarding: 'OWASP-NHI:NHI1',
  secretLeakage: 'OWASP-NHI:NHI2',
  vulnerableThirdParty: 'OWASP-NHI:NHI3',
  insecureAuthentication: 'OWASP-NHI:NHI4',
  overprivileged: 'OWASP-NHI:NHI5',
  insecureCloudConfig: 'OWASP-NHI:NHI6',
  longLivedSecrets: 'OWASP-NHI:NHI7',
  environmentIsolation: 'OWASP-NHI:NHI8',
  reuse: 'OWASP-NHI:NHI9',
  humanUse: 'OWASP-NHI:NHI10',
} as const;

export const CSF = {
  identitiesManaged: 'NIST-CSF-2.0:PR.AA-01',
  leastPrivilege: 'NIST-CSF-2.0:PR.AA-05',
} as const;

export const SP800_53 = {
  accountManagement: 'NIST-800-53:AC-2',
  disableAccounts: 'NIST-800-53:AC-2(3)',
  leastPrivilege: 'NIST-800-53:AC-6',
  authorizeAccess: 'NIST-800-53:AC-6(1)',
  privilegedAccounts: 'NIST-800-53:AC-6(5)',
  reviewPrivileges: 'NIST-800-53:AC-6(7)',
  separationOfDuties: 'NIST-800-53:AC-5',
  authenticatorManagement: 'NIST-800-53:IA-5',
} as const;

export const MAESTRO = {
  infrastructure: 'CSA-MAESTRO:L4',
  securityCompliance: 'CSA-MAESTRO:L6',
} as const;

export const FRAMEWORK_NAMES: Record<string, string> = {
  'OWASP-NHI:NHI1': 'Improper Offboarding',
  'OWASP-NHI:NHI2': 'Secret Leakage',
  'OWASP-NHI:NHI3': 'Vulnerable Third-Party NHI',
  'OWASP-NHI:NHI4': 'Insecure Authentication',
  'OWASP-NHI:NHI5': 'Overprivileged NHI',
  'OWASP-NHI:NHI6': 'Insecure Cloud Deployment Configurations',
  'OWASP-NHI:NHI7': 'Long-Lived Secrets',
  'OWASP-NHI:NHI8': 'Environment Isolation',
  'OWASP-NHI:NHI9': 'NHI Reuse',
  'OWASP-NHI:NHI10': 'Human Use of NHI',
  'NIST-CSF-2.0:PR.AA-01': 'Identities and credentials for authorized users, services and hardware are managed',
  'NIST-CSF-2.0:PR.AA-05': 'Access permissions are defined, managed, enforced and reviewed (least privilege, separation of duties)',
};
