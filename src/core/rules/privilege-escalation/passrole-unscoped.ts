import { qualifiedName } from '../../aws/action-catalog.js';
import { statementActions } from '../../aws/effective-access.js';
import { CSF, OWASP, SP800_53 } from '../../lint/frameworks.js';
import { identityRule } from '../../lint/types.js';
import { statementPath } from '../../resolve.js';
import { origin } from '../least-privilege/statement-helpers.js';

function hasPassedToServiceCondition(conditions: Record<string, Record<string, unknown>> | undefined): boolean {
  return Object.values(conditions ?? {}).some((byKey) => Object.keys(byKey).some((key) => key.toLowerCase() === 'iam:passedtoservice'));
}

export default identityRule(
  {
    id: 'passrole-unscoped',
    title: 'iam:PassRole on "*" or without iam:PassedToService',
    category: 'privilege-escalation',
    severity: 'error',
    frameworks: [OWASP.overprivileged, CSF.leastPrivilege, SP800_53.privilegedAccounts],
    description: 'PassRole hands a role to a service that then acts as it. On "*" the workload can pass the most privileged role in the account; without an iam:PassedToService condition, to any service.',
    fix: 'Name the role ARNs it may pass and add Condition StringEquals iam:PassedToService with the service principal.',
  },
  ({ grants, expander }) =>
    grants.statements.flatMap((statement) => {
      if (statement.effect !== 'Allow') return [];
      if (!statementActions(statement, expander).some((a) => qualifiedName(a).toLowerCase() === 'iam:passrole')) return [];
      const problems = [];
      if (statement.notResources || (statement.resources ?? ['*']).some((r) => r === '*' || /:role\/\*$/.test(r))) problems.push('on every role');
      if (!hasPassedToServiceCondition(statement.conditions)) problems.push('without an iam:PassedToService condition');
      return problems.length === 0 ? [] : [{ message: `${origin(statement)}iam:PassRole ${problems.join(' and ')}`, path: statementPath(statement, statement.resources ? 'resources' : undefined) }];
    }),
);
