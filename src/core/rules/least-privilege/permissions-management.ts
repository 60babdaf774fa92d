import { qualifiedName } from '../../aws/action-catalog.js';
import { statementActions } from '../../aws/effective-access.js';
import { CSF, OWASP, SP800_53 } from '../../lint/frameworks.js';
import { identityRule } from '../../lint/types.js';
import { statementPath } from '../../resolve.js';
import { listWithMore } from '../../text/list.js';
import { originData } from './statement-helpers.js';

export default identityRule(
  {
    id: 'permissions-management',
    title: 'Permissions-management actions',
    category: 'least-privilege',
    severity: 'warning',
    frameworks: [OWASP.overprivileged, CSF.leastPrivilege, SP800_53.privilegedAccounts],
    description: 'Actions of the "Permissions management" access level change who can do what (policies, grants, ACLs). A workload rarely needs them; a compromised one uses them to spread.',
    fix: 'Remove them, or record a controlled exception with the security team when the workload manages access by design.',
    messages: {
      'grants-permissions-management': '{{origin}}grants {{count}} permissions-management action(s): {{actions}}',
    },
  },
  ({ grants, expander }) =>
    grants.statements.flatMap((statement) => {
      if (statement.effect !== 'Allow') return [];
      const managing = statementActions(statement, expander).filter((a) => a.accessLevel === 'Permissions management');
      if (managing.length === 0) return [];
      // `actions` is the first few names and "and N more", for people; `count` is the whole number.
      const data = { ...originData(statement), count: managing.length, actions: listWithMore(managing, 5, qualifiedName) };
      return [{ messageId: 'grants-permissions-management', data, path: statementPath(statement, statement.notActions ? 'notActions' : 'actions') }];
    }),
);
