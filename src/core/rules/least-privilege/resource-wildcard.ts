import { qualifiedName } from '../../aws/action-catalog.js';
import { statementActions } from '../../aws/effective-access.js';
import { CSF, OWASP, SP800_53 } from '../../lint/frameworks.js';
import { identityRule } from '../../lint/types.js';
import { statementPath } from '../../resolve.js';
import { listWithMore } from '../../text/list.js';
import { originData } from './statement-helpers.js';

export default identityRule(
  {
    id: 'resource-wildcard',
    title: 'Resource "*" on actions that can be scoped',
    category: 'least-privilege',
    severity: 'error',
    frameworks: [OWASP.overprivileged, CSF.leastPrivilege, SP800_53.leastPrivilege],
    description: 'Actions that support resource-level permissions must name their resources. Wildcard-only actions (sts:GetCallerIdentity, s3:ListAllMyBuckets, ...) accept nothing but "*" and are not reported.',
    fix: 'Replace "*" with the ARNs of the resources the workload uses.',
    messages: {
      'resource-star': '{{origin}}Resource "*" on {{count}} action(s) that support resource-level scoping: {{actions}}',
      'no-resources': '{{origin}}no resources (read as "*") on {{count}} action(s) that support resource-level scoping: {{actions}}',
    },
  },
  ({ grants, expander }) =>
    grants.statements.flatMap((statement) => {
      if (statement.effect !== 'Allow' || statement.notActions || statement.notResources) return [];
      // No Resource at all reads as "*", as everywhere else in the engine.
      const index = statement.resources ? statement.resources.indexOf('*') : 0;
      if (index < 0) return [];
      const scopable = statementActions(statement, expander).filter((a) => a.resourceTypes.length > 0);
      if (scopable.length === 0) return [];
      const data = { ...originData(statement), count: scopable.length, actions: listWithMore(scopable, 5, qualifiedName) };
      return [statement.resources ? { messageId: 'resource-star', data, path: statementPath(statement, 'resources', index) } : { messageId: 'no-resources', data, path: statementPath(statement) }];
    }),
);
