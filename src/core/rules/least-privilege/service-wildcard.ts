import { describeAccessLevels } from '../../aws/action-patterns.js';
import { CSF, OWASP, SP800_53 } from '../../lint/frameworks.js';
import { identityRule } from '../../lint/types.js';
import { eachAllowedPattern, origin } from './statement-helpers.js';

export default identityRule(
  {
    id: 'service-wildcard',
    title: 'Every action of a service ("s3:*")',
    category: 'least-privilege',
    severity: 'error',
    frameworks: [OWASP.overprivileged, CSF.leastPrivilege, SP800_53.leastPrivilege],
    description: 'A service wildcard grants every current and future action of the service, including deletion and permission changes.',
    fix: 'List the actions the workload calls, or use a catalog role.',
  },
  ({ grants, expander }) =>
    eachAllowedPattern(grants.statements, (pattern, statement, path) => {
      if (!/^[^:*]+:\*$/.test(pattern)) return undefined;
      const actions = expander.expand(pattern);
      if (actions.length === 0) return undefined; // an unknown service: unknown-action reports it
      return { message: `${origin(statement)}"${pattern}" grants all ${actions.length} actions of the service (${describeAccessLevels(actions)})`, path };
    }),
);
