import { CSF, OWASP, SP800_53 } from '../../lint/frameworks.js';
import { identityRule } from '../../lint/types.js';
import { statementPath } from '../../resolve.js';
import { originData } from '../least-privilege/statement-helpers.js';
import { foreignResources } from './foreign-resources.js';

export default identityRule(
  {
    id: 'cross-account-resource',
    title: "Resource in another catalog account than the identity's",
    category: 'isolation',
    severity: 'warning',
    frameworks: [OWASP.environmentIsolation, CSF.leastPrivilege, SP800_53.separationOfDuties],
    description: "Grants name resources of the identity's own account. A resource ARN of another account of the catalog crosses an isolation boundary and belongs in that account's identity, or in a reviewed exception. (An account outside the catalog is external-account-resource, an error.)",
    fix: "Use the identity's own account id in the ARN, or create the identity in the account that owns the resource.",
    messages: {
      'other-catalog-account': '{{origin}}"{{resource}}" belongs to account {{resourceAccount}} ({{resourceAccountKey}}, {{resourceEnvironment}}), not {{account}}',
    },
  },
  ({ grants, account, catalog }) =>
    account
      ? foreignResources(grants, account, catalog)
          .flatMap(({ statement, resource, index, owner, known }) => {
            if (known === undefined) return [];
            const data = { ...originData(statement), resource, resourceAccount: owner, resourceAccountKey: known.key, resourceEnvironment: known.environment, account: account.id };
            return [{ messageId: 'other-catalog-account', data, path: statementPath(statement, 'resources', index) }];
          })
      : [],
);
