import { qualifiedName } from '../../aws/action-catalog.js';
import { arnFitsTemplate, arnProblem } from '../../aws/arn.js';
import { statementActions } from '../../aws/effective-access.js';
import { CSF } from '../../lint/frameworks.js';
import { identityRule, type RuleFinding } from '../../lint/types.js';
import { statementPath } from '../../resolve.js';
import { origin } from '../least-privilege/statement-helpers.js';

export default identityRule(
  {
    id: 'arn-resource-mismatch',
    title: 'Resource fits none of the actions',
    category: 'unknown-action',
    severity: 'warning',
    frameworks: [CSF.leastPrivilege],
    description: 'Each resource of a statement should be of a type at least one of its actions acts on (an object ARN for s3:GetObject, a table ARN for dynamodb:GetItem). A resource no action can use is dead weight or a mistake, such as a bucket ARN where objects were meant.',
    fix: 'Use the ARN form of the resource type the action needs (for S3 objects: arn:aws:s3:::bucket/prefix/*).',
  },
  ({ grants, expander }) => {
    const findings: RuleFinding[] = [];
    for (const statement of grants.statements) {
      if (statement.effect !== 'Allow' || !statement.resources) continue;
      const actions = statementActions(statement, expander);
      const scoped = actions.filter((a) => a.resourceTypes.length > 0);
      // Unknown actions, and wildcard-only actions that take "*", say nothing about resource types.
      if (scoped.length === 0 || scoped.length < actions.length) continue;
      statement.resources.forEach((resource, index) => {
        if (resource === '*' || arnProblem(resource)) return;
        const fits = scoped.some((a) => a.resourceTypes.some((t) => t.arnFormats.some((format) => arnFitsTemplate(resource, format))));
        if (fits) return;
        const names = scoped.slice(0, 3).map(qualifiedName).join(', ') + (scoped.length > 3 ? ', ...' : '');
        findings.push({ message: `${origin(statement)}"${resource}" is not a resource type that ${names} act(s) on`, path: statementPath(statement, 'resources', index) });
      });
    }
    return findings;
  },
);
