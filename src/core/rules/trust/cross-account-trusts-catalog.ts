import { OWASP, SP800_53 } from '../../lint/frameworks.js';
import { identityRule } from '../../lint/types.js';

export default identityRule(
  {
    id: 'cross-account-trusts-catalog',
    title: 'Cross-account trust of its own or another catalog account',
    category: 'trust',
    severity: 'error',
    frameworks: [OWASP.insecureCloudConfig, OWASP.overprivileged, SP800_53.authorizeAccess],
    description: 'crossAccount is for accounts outside the organisation. Trusting its own account lets every principal there with sts:AssumeRole become this identity; trusting another catalog account does the same for every principal of that account, bypassing the identity that account should have.',
    fix: 'Bind the identity to the workload that needs it (eks, githubActions, awsService), or give the other account its own identity with the grants it needs.',
  },
  ({ doc, account, catalog }) => {
    const cross = doc.spec.workload.crossAccount;
    if (!cross) return [];
    const path = ['spec', 'workload', 'crossAccount', 'accountId'];
    if (account && cross.accountId === account.id) return [{ message: `account ${cross.accountId} is this identity's own account: any of its principals allowed sts:AssumeRole could become it`, path }];
    const other = Object.entries(catalog.accounts).find(([, a]) => a.id === cross.accountId);
    return other ? [{ message: `account ${cross.accountId} is catalog account "${other[0]}" (${other[1].environment}): every principal there allowed sts:AssumeRole could become this identity`, path }] : [];
  },
);
