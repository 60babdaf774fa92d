import { describeAccessLevels } from '../../aws/action-patterns.js';
import { CSF, OWASP, SP800_53 } from '../../lint/frameworks.js';
import { identityRule } from '../../lint/types.js';
import { eachAllowedPattern, originData } from './statement-helpers.js';

export default identityRule(
  {
    id: 'service-wildcard',
    title: 'Every action of a service ("s3:*")',
    category: 'least-privilege',
    severity: 'error',
    frameworks: [OWASP.overprivileged, CSF.leastPrivilege, SP800_53.leastPrivilege],
    description: 'A service wildcard grants every current and future action of the service, including deletion and permission changes.',
    fix: 'List the actions the workload calls, or use a catalog role.',
    messages: {
      'every-action-of-service': '{{origin}}"{{action}}" grants all {{count}} actions of the service ({{accessLevels}})',
    },
  },
  ({ grants, expander }) =>
    eachAllowedPattern(grants.statements, (pattern, statement, path) => {
      if (!/^[^:*]+:\*$/.test(pattern)) return undefined;
      const actions = expander.expand(pattern);
      if (actions.length === 0) return undefined; // an unknown service: unknown-action reports it
      const data = { ...originData(statement), action: pattern, service: pattern.slice(0, pattern.indexOf(':')).toLowerCase(), count: actions.length, accessLevels: describeAccessLevels(actions) };
      return { messageId: 'every-action-of-service', data, path };
    }),
);
