import { parseArn } from '../../aws/arn.js';
import { CSF, OWASP, SP800_53 } from '../../lint/frameworks.js';
import { identityRule, type RuleFinding } from '../../lint/types.js';
import { statementPath } from '../../resolve.js';
import { origin } from '../least-privilege/statement-helpers.js';

export default identityRule(
  {
    id: 'cross-account-resource',
    title: "Resource in another account than the identity's",
    category: 'isolation',
    severity: 'warning',
    frameworks: [OWASP.environmentIsolation, CSF.leastPrivilege, SP800_53.separationOfDuties],
    description: "Grants name resources of the identity's own account. A resource ARN of another account crosses an isolation boundary and belongs in that account's identity, or in a reviewed exception.",
    fix: "Use the identity's own account id in the ARN, or create the identity in the account that owns the resource.",
  },
  ({ grants, account, catalog }) => {
    if (!account) return [];
    const names = new Map(Object.entries(catalog.accounts).map(([key, a]) => [a.id, `${key}, ${a.environment}`]));
    const findings: RuleFinding[] = [];
    for (const statement of grants.statements) {
      if (statement.effect !== 'Allow') continue;
      statement.resources?.forEach((resource, index) => {
        const owner = parseArn(resource)?.account;
        if (!owner || owner === '*' || owner === 'aws' || owner === account.id) return;
        const known = names.get(owner);
        findings.push({ message: `${origin(statement)}"${resource}" belongs to account ${owner}${known ? ` (${known})` : ''}, not ${account.id}`, path: statementPath(statement, 'resources', index) });
      });
    }
    return findings;
  },
);
