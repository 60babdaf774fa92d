import { qualifiedName, type ActionInfo } from '../../aws/action-catalog.js';
import type { ActionExpander } from '../../aws/action-patterns.js';
import { arnMatcher, arnProblem } from '../../aws/arn.js';
import { statementActions } from '../../aws/effective-access.js';
import { CSF } from '../../lint/frameworks.js';
import { identityRule, type RuleFinding } from '../../lint/types.js';
import { statementPath, type ResolvedStatement } from '../../resolve.js';
import { originData } from '../least-privilege/statement-helpers.js';

interface Templates {
  readonly scoped: readonly ActionInfo[];
  /** Empty when the statement says nothing about resource types. */
  readonly formats: readonly string[];
}

/** Per expander, per list of action patterns: thousands of identities share a few hundred lists. */
const templatesByExpander = new WeakMap<ActionExpander, Map<string, Templates>>();

function templatesOf(statement: ResolvedStatement, expander: ActionExpander): Templates {
  let cache = templatesByExpander.get(expander);
  if (!cache) templatesByExpander.set(expander, (cache = new Map()));
  const key = statement.notActions ? `!${statement.notActions.join(',')}` : (statement.actions ?? []).join(',');
  let templates = cache.get(key);
  if (!templates) {
    const actions = statementActions(statement, expander);
    const scoped = actions.filter((a) => a.resourceTypes.length > 0);
    // Unknown actions, and wildcard-only actions that take "*", say nothing about resource types.
    const judged = scoped.length > 0 && scoped.length === actions.length;
    // Broad statements repeat the same few ARN templates across hundreds of actions.
    templates = { scoped, formats: judged ? [...new Set(scoped.flatMap((a) => a.resourceTypes.flatMap((t) => t.arnFormats)))] : [] };
    cache.set(key, templates);
  }
  return templates;
}

export default identityRule(
  {
    id: 'arn-resource-mismatch',
    title: 'Resource fits none of the actions',
    category: 'unknown-action',
    severity: 'warning',
    frameworks: [CSF.leastPrivilege],
    description: 'Each resource of a statement should be of a type at least one of its actions acts on (an object ARN for s3:GetObject, a table ARN for dynamodb:GetItem). A resource no action can use is dead weight or a mistake, such as a bucket ARN where objects were meant.',
    fix: 'Use the ARN form of the resource type the action needs (for S3 objects: arn:aws:s3:::bucket/prefix/*).',
    messages: { 'resource-type-mismatch': '{{origin}}"{{resource}}" is not a resource type that {{actions}} act(s) on' },
  },
  ({ grants, expander }) => {
    const findings: RuleFinding[] = [];
    for (const statement of grants.statements) {
      if (statement.effect !== 'Allow' || !statement.resources) continue;
      const { scoped, formats } = templatesOf(statement, expander);
      if (formats.length === 0) continue;
      statement.resources.forEach((resource, index) => {
        if (resource === '*' || arnProblem(resource)) return;
        const fits = formats.some(arnMatcher(resource));
        if (fits) return;
        const names = scoped.slice(0, 3).map(qualifiedName).join(', ') + (scoped.length > 3 ? ', ...' : '');
        findings.push({ messageId: 'resource-type-mismatch', data: { ...originData(statement), resource, actions: names }, path: statementPath(statement, 'resources', index) });
      });
    }
    return findings;
  },
);
