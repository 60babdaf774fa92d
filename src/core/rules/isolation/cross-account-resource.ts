import { CSF, OWASP, SP800_53 } from '../../lint/frameworks.js';
import { identityRule } from '../../lint/types.js';
import { statementPath } from '../../resolve.js';
import { origin } from '../least-privilege/statement-helpers.js';
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
  },
  ({ grants, account, catalog }) =>
    account
      ? foreignResources(grants, account, catalog)
          .filter((f) => f.known !== undefined)
          .map((f) => ({ message: `${origin(f.statement)}"${f.resource}" belongs to account ${f.owner} (${f.known}), not ${account.id}`, path: statementPath(f.statement, 'resources', f.index) }))
      : [],
);
