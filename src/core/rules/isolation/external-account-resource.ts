import { CSF, OWASP, SP800_53 } from '../../lint/frameworks.js';
import { identityRule } from '../../lint/types.js';
import { statementPath } from '../../resolve.js';
import { originData } from '../least-privilege/statement-helpers.js';
import { foreignResources } from './foreign-resources.js';

export default identityRule(
  {
    id: 'external-account-resource',
    title: 'Resource in an account outside the catalog',
    category: 'isolation',
    severity: 'error',
    frameworks: [OWASP.environmentIsolation, CSF.leastPrivilege, SP800_53.separationOfDuties, SP800_53.authorizeAccess],
    description: 'A resource ARN of an account that catalog/accounts.yaml does not list is a data path out of the organisation: writing to a bucket or queue someone else owns, or reading what they plant there.',
    fix: 'Name a resource of a catalog account; if the external account is a real partner, add it to the catalog or have the security team record an exception.',
    messages: {
      'account-outside-catalog': '{{origin}}"{{resource}}" belongs to account {{resourceAccount}}, which is not in catalog/accounts.yaml',
    },
  },
  ({ grants, account, catalog }) =>
    account
      ? foreignResources(grants, account, catalog)
          .filter((f) => f.known === undefined)
          .map(({ statement, resource, index, owner }) => ({
            messageId: 'account-outside-catalog',
            data: { ...originData(statement), resource, resourceAccount: owner, account: account.id },
            path: statementPath(statement, 'resources', index),
          }))
      : [],
);
