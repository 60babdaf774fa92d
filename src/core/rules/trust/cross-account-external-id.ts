import { OWASP, SP800_53 } from '../../lint/frameworks.js';
import { identityRule } from '../../lint/types.js';

export default identityRule(
  {
    id: 'cross-account-external-id',
    title: 'Cross-account trust without an external id',
    category: 'trust',
    severity: 'error',
    frameworks: [OWASP.vulnerableThirdParty, OWASP.insecureAuthentication, SP800_53.authorizeAccess],
    description: 'A third party that assumes roles for many customers must present a per-customer external id, or another of its customers can make it act on this account (the confused deputy).',
    fix: 'Set crossAccount.externalId to the unique value the third party gave you (at least 8 characters).',
  },
  ({ doc }) => {
    const cross = doc.spec.workload.crossAccount;
    if (!cross) return [];
    if (!cross.externalId) return [{ message: `account ${cross.accountId} may assume this role without an external id`, path: ['spec', 'workload', 'crossAccount'] }];
    if (cross.externalId.length < 8) return [{ message: 'the external id is shorter than 8 characters and easy to guess', path: ['spec', 'workload', 'crossAccount', 'externalId'] }];
    return [];
  },
);
