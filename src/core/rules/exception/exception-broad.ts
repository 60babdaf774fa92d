import { appliesToYaml, describeEntry, exceptionCovers, exceptionIsValid, narrowestPaths, scopeCovers, scopesOf, valueAt, type ExceptionScope } from '../../lint/exceptions.js';
import { CSF } from '../../lint/frameworks.js';
import { identityRule, type RuleReport } from '../../lint/types.js';
import type { IdentityDocument } from '../../model.js';

/**
 * An entry that reaches as far as no entry at all: a top-level section (`spec`), a whole list
 * (`spec.grants`, which covers grants added later too), or the resource `*` on its own.
 */
function entryIsBroad(scope: ExceptionScope, doc: IdentityDocument): boolean {
  if (scope.path === undefined) return scope.resource === '*';
  if (scope.resource !== undefined && scope.resource !== '*') return false;
  return scope.path.length <= 1 || Array.isArray(valueAt(doc, scope.path));
}

export default identityRule(
  {
    id: 'exception-broad',
    title: 'Exception covers its whole rule',
    category: 'exception',
    severity: 'warning',
    frameworks: [CSF.leastPrivilege],
    description: 'An exception without appliesTo, or with an entry as wide as a whole section or list, suppresses every finding of its rule on the identity, including ones that appear later (a new grant with the same problem). Narrowed to the paths or resources that were approved, a new finding still shows.',
    fix: 'Use the appliesTo the message suggests: the paths of the findings it suppresses today.',
    messages: {
      broad: 'exception for {{rule}} covers every finding of the rule on this identity: narrow it to what it suppresses today with appliesTo: {{suggestion}}',
      'broad-entry': 'appliesTo entry {{entry}} covers as much as no appliesTo at all, findings of {{rule}} added later included: narrow it to what it suppresses today with appliesTo: {{suggestion}}',
    },
  },
  ({ doc, grants, raised, file, today, catalog, knownRules }) => {
    const subject = { file, doc, statements: grants.statements };
    const reports: RuleReport[] = [];
    doc.spec.exceptions.forEach((exception, index) => {
      // Only an exception that suppresses something today: an invalid or unused one is reported already.
      if (!exceptionIsValid(exception, { today, policy: catalog.policy, knownRules, subject })) return;
      const own = raised.filter((finding) => finding.file === file && finding.ruleId === exception.rule);
      const scopes = scopesOf(exception);
      if (scopes === undefined) {
        const paths = narrowestPaths(own.filter((finding) => exceptionCovers(exception, finding, subject)));
        if (paths.length > 0) reports.push({ messageId: 'broad', data: { rule: exception.rule, suggestion: appliesToYaml(paths) }, path: ['spec', 'exceptions', index] });
        return;
      }
      scopes.forEach((scope, entry) => {
        if (scope === undefined || !entryIsBroad(scope, doc)) return;
        const paths = narrowestPaths(own.filter((finding) => scopeCovers(scope, finding, subject)));
        if (paths.length > 0) {
          reports.push({ messageId: 'broad-entry', data: { rule: exception.rule, entry: describeEntry(exception.appliesTo![entry]!), suggestion: appliesToYaml(paths) }, path: ['spec', 'exceptions', index, 'appliesTo', entry] });
        }
      });
    });
    return reports;
  },
);
