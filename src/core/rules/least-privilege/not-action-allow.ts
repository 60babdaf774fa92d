import { CSF, OWASP, SP800_53 } from '../../lint/frameworks.js';
import { identityRule } from '../../lint/types.js';
import { statementPath } from '../../resolve.js';
import { originData } from './statement-helpers.js';

/** One message per field: everything-but-these-actions and everything-but-these-resources are different grants. */
const MESSAGE_OF_FIELD = { notActions: 'allow-with-not-actions', notResources: 'allow-with-not-resources' } as const;

export default identityRule(
  {
    id: 'not-action-allow',
    title: 'Allow with NotAction or NotResource',
    category: 'least-privilege',
    severity: 'error',
    frameworks: [OWASP.overprivileged, CSF.leastPrivilege, SP800_53.leastPrivilege],
    description: 'Allow with NotAction grants everything except a list, including every action AWS adds later; Allow with NotResource does the same for resources.',
    fix: 'Use Action and Resource to list what is allowed; keep NotAction/NotResource for Deny statements.',
    messages: {
      'allow-with-not-actions': '{{origin}}Allow with notActions grants everything except what it lists',
      'allow-with-not-resources': '{{origin}}Allow with notResources grants everything except what it lists',
    },
  },
  ({ grants }) =>
    grants.statements.flatMap((statement) => {
      if (statement.effect !== 'Allow') return [];
      const fields = (['notActions', 'notResources'] as const).filter((f) => statement[f] !== undefined);
      return fields.map((field) => ({ messageId: MESSAGE_OF_FIELD[field], data: { ...originData(statement), excepted: statement[field]!.join(', ') }, path: statementPath(statement, field) }));
    }),
);
