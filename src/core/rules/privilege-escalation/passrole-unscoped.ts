import { qualifiedName } from '../../aws/action-catalog.js';
import { hasPassedToService, onlyPassedToService } from '../../aws/conditions.js';
import { effectiveAccess, statementActions } from '../../aws/effective-access.js';
import { CSF, OWASP, SP800_53 } from '../../lint/frameworks.js';
import { identityRule } from '../../lint/types.js';
import { statementPath, type ResolvedStatement } from '../../resolve.js';
import { originData } from '../least-privilege/statement-helpers.js';

const PASS_ROLE = 'iam:passrole';
const ONLY_PASS_ROLE: ReadonlySet<string> = new Set(['iam', PASS_ROLE]);

/** A Deny of PassRole on every role unless it goes to named services scopes every Allow by service. */
function deniedExceptToServices(statements: readonly ResolvedStatement[], expander: Parameters<typeof statementActions>[1]): boolean {
  return statements.some(
    (s) =>
      s.effect === 'Deny' &&
      hasPassedToService(s.conditions) &&
      onlyPassedToService(s.conditions) &&
      !s.notResources &&
      (s.resources ?? ['*']).includes('*') &&
      statementActions(s, expander).some((a) => qualifiedName(a).toLowerCase() === PASS_ROLE),
  );
}

export default identityRule(
  {
    id: 'passrole-unscoped',
    title: 'iam:PassRole on "*" or without iam:PassedToService',
    category: 'privilege-escalation',
    severity: 'error',
    frameworks: [OWASP.overprivileged, CSF.leastPrivilege, SP800_53.privilegedAccounts],
    description: 'PassRole hands a role to a service that then acts as it. On "*" the workload can pass the most privileged role in the account; without an iam:PassedToService condition, to any service. A Deny of PassRole everywhere, or one that lets it through only to named services, is taken into account.',
    fix: 'Name the role ARNs it may pass and add Condition StringEquals iam:PassedToService with the service principal.',
    messages: {
      'any-role': '{{origin}}iam:PassRole on every role',
      'any-service': '{{origin}}iam:PassRole without an iam:PassedToService condition',
      'any-role-any-service': '{{origin}}iam:PassRole on every role and without an iam:PassedToService condition',
    },
  },
  ({ grants, expander, today }) => {
    // Through effective access, so that a Deny of PassRole (and a condition that can no longer hold) counts.
    const granted = effectiveAccess(grants.statements, expander, ONLY_PASS_ROLE, today).get(PASS_ROLE);
    if (!granted) return [];
    const scopedByDeny = deniedExceptToServices(grants.statements, expander);
    return [...new Set(granted.via.map((v) => v.statement))].flatMap((statement) => {
      const anyRole = statement.notResources !== undefined || (statement.resources ?? ['*']).some((r) => r === '*' || /:role\/\*$/.test(r));
      const anyService = !scopedByDeny && !hasPassedToService(statement.conditions);
      const messageId = anyRole ? (anyService ? 'any-role-any-service' : 'any-role') : anyService ? 'any-service' : undefined;
      return messageId === undefined ? [] : [{ messageId, data: originData(statement), path: statementPath(statement, statement.resources ? 'resources' : undefined) }];
    });
  },
);
