import { parseActionPattern } from '../../aws/action-patterns.js';
import { CSF, SP800_53 } from '../../lint/frameworks.js';
import { identityRule, type RuleFinding } from '../../lint/types.js';
import { statementPath } from '../../resolve.js';
import { didYouMean } from '../../text/suggest.js';
import { origin } from '../least-privilege/statement-helpers.js';

export default identityRule(
  {
    id: 'unknown-action',
    title: 'Action or service does not exist',
    category: 'unknown-action',
    severity: 'error',
    frameworks: [CSF.leastPrivilege, SP800_53.leastPrivilege],
    description: 'An action that AWS does not define grants nothing today and may grant something unexpected later; it is usually a typo hiding the real need.',
    fix: 'Use the action name as AWS spells it (the message suggests the closest one).',
  },
  ({ grants, expander }) => {
    const catalog = expander.catalog;
    const findings: RuleFinding[] = [];
    for (const statement of grants.statements) {
      for (const field of ['actions', 'notActions'] as const) {
        statement[field]?.forEach((pattern, index) => {
          const problem = actionProblem(pattern);
          if (problem) findings.push({ message: `${origin(statement)}${problem}`, path: statementPath(statement, field, index) });
        });
      }
    }
    return findings;

    function actionProblem(pattern: string): string | undefined {
      const parsed = parseActionPattern(pattern);
      if (!parsed) return `"${pattern}" is not an action: write service:Action, e.g. s3:GetObject`;
      if (parsed.service === '*') return undefined;
      if (!catalog.hasService(parsed.service)) return `service "${parsed.service}" does not exist.${didYouMean(parsed.service, catalog.services())}`;
      if (expander.expand(pattern).length > 0) return undefined;
      if (parsed.isWildcard) return `"${pattern}" matches no action of ${parsed.service}`;
      return `action "${pattern}" does not exist.${didYouMean(parsed.name, catalog.actions(parsed.service).map((a) => a.name)).replace(/"([^"]+)"\?$/, `"${parsed.service}:$1"?`)}`;
    }
  },
);
