import { DESIRED_PROBLEMS_OWNED_ELSEWHERE } from '../../desired/messages.js';
import { CSF, OWASP } from '../../lint/frameworks.js';
import { identityRule } from '../../lint/types.js';
import { suggestionData } from '../../text/suggest.js';

export default identityRule(
  {
    id: 'unknown-account',
    title: 'Account is not in the account catalog',
    category: 'schema',
    severity: 'error',
    frameworks: [CSF.identitiesManaged, OWASP.insecureCloudConfig],
    description: 'spec.account must be a key of catalog/accounts.yaml: the account decides the stack, the environment caps and the deploy role.',
    fix: 'Use an account key from catalog/accounts.yaml, or add the account there (a governance change).',
    messages: DESIRED_PROBLEMS_OWNED_ELSEWHERE['unknown-account'],
  },
  ({ doc, catalog, account }) =>
    account
      ? []
      : [{ messageId: 'unknown-account', data: { account: doc.spec.account, ...suggestionData(doc.spec.account, Object.keys(catalog.accounts)) }, path: ['spec', 'account'] }],
);
