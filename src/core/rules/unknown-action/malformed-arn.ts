import { arnProblem } from '../../aws/arn.js';
import { CSF } from '../../lint/frameworks.js';
import { identityRule, type RuleFinding } from '../../lint/types.js';
import { statementPath } from '../../resolve.js';
import { originData } from '../least-privilege/statement-helpers.js';

export default identityRule(
  {
    id: 'malformed-arn',
    title: 'Resource is not a valid ARN',
    category: 'unknown-action',
    severity: 'error',
    frameworks: [CSF.leastPrivilege],
    description: 'A malformed resource matches nothing, so the grant silently does not work, and the next "fix" is often a "*".',
    fix: 'Write arn:partition:service:region:account:resource (for example arn:aws:sqs:us-east-1:111122223333:queue-name), or "*".',
    messages: { 'malformed-arn': '{{origin}}"{{resource}}" is not a valid ARN: {{problem}}' },
  },
  ({ grants }) => {
    const findings: RuleFinding[] = [];
    for (const statement of grants.statements) {
      for (const field of ['resources', 'notResources'] as const) {
        statement[field]?.forEach((resource, index) => {
          const problem = arnProblem(resource);
          if (problem) findings.push({ messageId: 'malformed-arn', data: { ...originData(statement), resource, problem }, path: statementPath(statement, field, index) });
        });
      }
    }
    return findings;
  },
);
