import { parseActionPattern } from '../../aws/action-patterns.js';
import { CSF, SP800_53 } from '../../lint/frameworks.js';
import { identityRule, type MessageData, type RuleFinding } from '../../lint/types.js';
import { statementPath } from '../../resolve.js';
import { suggestionData } from '../../text/suggest.js';
import { originData } from '../least-privilege/statement-helpers.js';

export default identityRule(
  {
    id: 'unknown-action',
    title: 'Action or service does not exist',
    category: 'unknown-action',
    severity: 'error',
    frameworks: [CSF.leastPrivilege, SP800_53.leastPrivilege],
    description: 'An action that AWS does not define grants nothing today and may grant something unexpected later; it is usually a typo hiding the real need.',
    fix: 'Use the action name as AWS spells it (the message suggests the closest one).',
    messages: {
      'not-an-action': '{{origin}}"{{action}}" is not an action: write service:Action, e.g. s3:GetObject',
      'unknown-service': '{{origin}}service "{{service}}" does not exist.{{didYouMean}}',
      'wildcard-matches-nothing': '{{origin}}"{{action}}" matches no action of {{service}}',
      'unknown-action': '{{origin}}action "{{action}}" does not exist.{{didYouMean}}',
    },
  },
  ({ grants, expander }) => {
    const catalog = expander.catalog;
    const findings: RuleFinding[] = [];
    for (const statement of grants.statements) {
      for (const field of ['actions', 'notActions'] as const) {
        statement[field]?.forEach((pattern, index) => {
          const problem = actionProblem(pattern);
          if (problem) findings.push({ messageId: problem.messageId, data: { ...originData(statement), action: pattern, ...problem.data }, path: statementPath(statement, field, index) });
        });
      }
    }
    return findings;

    /** What is wrong with the pattern: a message id and the data it needs beyond the action itself. */
    function actionProblem(pattern: string): { messageId: string; data: MessageData } | undefined {
      const parsed = parseActionPattern(pattern);
      if (!parsed) return { messageId: 'not-an-action', data: {} };
      const { service } = parsed;
      if (service === '*') return undefined;
      if (!catalog.hasService(service)) return { messageId: 'unknown-service', data: { service, ...suggestionData(service, catalog.services()) } };
      if (expander.expand(pattern).length > 0) return undefined;
      if (parsed.isWildcard) return { messageId: 'wildcard-matches-nothing', data: { service } };
      const names = catalog.actions(service).map((a) => a.name);
      return { messageId: 'unknown-action', data: { service, ...suggestionData(parsed.name, names, (name) => `${service}:${name}`) } };
    }
  },
);
