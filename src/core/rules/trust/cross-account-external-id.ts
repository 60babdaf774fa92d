import { OWASP, SP800_53 } from '../../lint/frameworks.js';
import { identityRule } from '../../lint/types.js';

/** Shorter external ids are guessable by the third party's other customers. */
const MIN_LENGTH = 8;

export default identityRule(
  {
    id: 'cross-account-external-id',
    title: 'Cross-account trust without an external id',
    category: 'trust',
    severity: 'error',
    frameworks: [OWASP.vulnerableThirdParty, OWASP.insecureAuthentication, SP800_53.authorizeAccess],
    description: 'A third party that assumes roles for many customers must present a per-customer external id, or another of its customers can make it act on this account (the confused deputy).',
    fix: 'Set crossAccount.externalId to the unique value the third party gave you (at least 8 characters).',
    messages: {
      'no-external-id': 'account {{accountId}} may assume this role without an external id',
      // The external id itself stays out of the data: the third party's other customers must not read it off a log or comment.
      'short-external-id': 'the external id is shorter than {{minLength}} characters and easy to guess',
    },
  },
  ({ doc }) => {
    const cross = doc.spec.workload.crossAccount;
    if (!cross) return [];
    if (!cross.externalId) return [{ messageId: 'no-external-id', data: { accountId: cross.accountId }, path: ['spec', 'workload', 'crossAccount'] }];
    if (cross.externalId.length < MIN_LENGTH) return [{ messageId: 'short-external-id', data: { accountId: cross.accountId, minLength: MIN_LENGTH }, path: ['spec', 'workload', 'crossAccount', 'externalId'] }];
    return [];
  },
);
