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
    messages: {
      'own-account': "account {{accountId}} is this identity's own account: any of its principals allowed sts:AssumeRole could become it",
      'catalog-account': 'account {{accountId}} is catalog account "{{accountKey}}" ({{environment}}): every principal there allowed sts:AssumeRole could become this identity',
    },
  },
  ({ doc, account, catalog }) => {
    const cross = doc.spec.workload.crossAccount;
    if (!cross) return [];
    const path = ['spec', 'workload', 'crossAccount', 'accountId'];
    const { accountId } = cross;
    if (account && accountId === account.id) return [{ messageId: 'own-account', data: { accountId, accountKey: doc.spec.account }, path }];
    const other = Object.entries(catalog.accounts).find(([, a]) => a.id === accountId);
    return other ? [{ messageId: 'catalog-account', data: { accountId, accountKey: other[0], environment: other[1].environment }, path }] : [];
  },
);
