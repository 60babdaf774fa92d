import { describeAccessLevels, parseActionPattern } from '../../aws/action-patterns.js';
import { CSF, OWASP, SP800_53 } from '../../lint/frameworks.js';
import { identityRule } from '../../lint/types.js';
import { eachAllowedPattern, originData } from './statement-helpers.js';

export default identityRule(
  {
    id: 'action-wildcard',
    title: 'Wildcard in an action name ("s3:Get*")',
    category: 'least-privilege',
    severity: 'warning',
    frameworks: [OWASP.overprivileged, CSF.leastPrivilege, SP800_53.leastPrivilege],
    description: 'A wildcard fragment grants every action whose name matches, today and in the future; "s3:Get*" includes reads of ACLs, policies and encryption settings.',
    fix: 'Replace the wildcard with the exact actions the workload calls.',
    messages: {
      'wildcard-expands': '{{origin}}"{{action}}" expands to {{count}} actions ({{accessLevels}})',
    },
  },
  ({ grants, expander }) =>
    eachAllowedPattern(grants.statements, (pattern, statement, path) => {
      const parsed = parseActionPattern(pattern);
      if (!parsed?.isWildcard || parsed.service === '*' || parsed.name === '*') return undefined;
      const actions = expander.expand(pattern);
      if (actions.length === 0) return undefined; // unknown-action reports patterns that match nothing
      const data = { ...originData(statement), action: pattern, service: parsed.service, count: actions.length, accessLevels: describeAccessLevels(actions) };
      return { messageId: 'wildcard-expands', data, path };
    }),
);
