import { CSF, MAESTRO, OWASP, SP800_53 } from '../../lint/frameworks.js';
import { identityRule } from '../../lint/types.js';
import { eachAllowedPattern, originData } from './statement-helpers.js';

export default identityRule(
  {
    id: 'admin-wildcard',
    title: 'Full administrator access ("*")',
    category: 'least-privilege',
    severity: 'error',
    frameworks: [OWASP.overprivileged, CSF.leastPrivilege, SP800_53.privilegedAccounts, MAESTRO.infrastructure],
    description: 'Action "*" grants every action of every AWS service: a compromised workload owns the account.',
    fix: 'Grant the catalog role that fits the workload, or list the exact actions it calls.',
    messages: {
      'full-administrator': '{{origin}}action "{{action}}" grants every action in the account (full administrator)',
    },
  },
  ({ grants }) =>
    eachAllowedPattern(grants.statements, (pattern, statement, path) =>
      pattern === '*' ? { messageId: 'full-administrator', data: { ...originData(statement), action: pattern }, path } : undefined,
    ),
);
