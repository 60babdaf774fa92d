import { CSF, OWASP, SP800_53 } from '../../lint/frameworks.js';
import { identityRule } from '../../lint/types.js';
import { statementPath } from '../../resolve.js';
import { origin } from './statement-helpers.js';

export default identityRule(
  {
    id: 'not-action-allow',
    title: 'Allow with NotAction or NotResource',
    category: 'least-privilege',
    severity: 'error',
    frameworks: [OWASP.overprivileged, CSF.leastPrivilege, SP800_53.leastPrivilege],
    description: 'Allow with NotAction grants everything except a list, including every action AWS adds later; Allow with NotResource does the same for resources.',
    fix: 'Use Action and Resource to list what is allowed; keep NotAction/NotResource for Deny statements.',
  },
  ({ grants }) =>
    grants.statements.flatMap((statement) => {
      if (statement.effect !== 'Allow') return [];
      const fields = (['notActions', 'notResources'] as const).filter((f) => statement[f] !== undefined);
      return fields.map((field) => ({ message: `${origin(statement)}Allow with ${field} grants everything except what it lists`, path: statementPath(statement, field) }));
    }),
);
