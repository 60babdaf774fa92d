import { parseArn } from '../../aws/arn.js';
import { CSF, OWASP, SP800_53 } from '../../lint/frameworks.js';
import { identityRule, type RuleFinding } from '../../lint/types.js';
import type { Catalog } from '../../model.js';
import { statementPath } from '../../resolve.js';
import { origin } from '../least-privilege/statement-helpers.js';

/** Account id → "key, environment", built once per catalog rather than once per identity. */
const namesByCatalog = new WeakMap<Catalog['accounts'], ReadonlyMap<string, string>>();
function accountNames(accounts: Catalog['accounts']): ReadonlyMap<string, string> {
  let names = namesByCatalog.get(accounts);
  if (!names) namesByCatalog.set(accounts, (names = new Map(Object.entries(accounts).map(([key, a]) => [a.id, `${key}, ${a.environment}`]))));
  return names;
}

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
    const names = accountNames(catalog.accounts);
    const findings: RuleFinding[] = [];
    for (const statement of grants.statements) {
      if (statement.effect !== 'Allow') continue;
      statement.resources?.forEach((resource, index) => {
        const owner = parseArn(resource)?.account;
        // `${aws:PrincipalAccount}` and friends resolve to the caller's own account.
        if (!owner || owner === '*' || owner === 'aws' || owner === account.id || owner.startsWith('${')) return;
        const known = names.get(owner);
        findings.push({ message: `${origin(statement)}"${resource}" belongs to account ${owner}${known ? ` (${known})` : ''}, not ${account.id}`, path: statementPath(statement, 'resources', index) });
      });
    }
    return findings;
  },
);
