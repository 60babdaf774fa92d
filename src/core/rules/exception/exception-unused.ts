import { appliesToProblems, describeEntry, exceptionCovers, scopeCovers, scopesOf } from '../../lint/exceptions.js';
import { CSF } from '../../lint/frameworks.js';
import { identityRule, type RuleReport } from '../../lint/types.js';
import { formatDocPath } from '../../text/doc-path.js';
import { listWithMore } from '../../text/list.js';

export default identityRule(
  {
    id: 'exception-unused',
    title: 'Exception suppresses nothing',
    category: 'exception',
    severity: 'warning',
    frameworks: [CSF.leastPrivilege],
    description: 'An exception whose rule no longer fires, or whose appliesTo covers none of the rule\'s findings, is stale paperwork that would silently cover a future regression. So is an appliesTo entry that covers nothing.',
    fix: 'Remove the exception, or the appliesTo entry that covers nothing.',
    messages: {
      'rule-silent': 'exception for {{rule}} suppresses nothing: the rule does not fire for this identity',
      'nothing-covered': 'exception for {{rule}} suppresses nothing: the rule fires at {{paths}}, none of them within its appliesTo',
      'entry-unused': 'appliesTo entry {{entry}} covers none of the findings of {{rule}}: remove it before it silently covers a future regression there',
    },
  },
  ({ doc, grants, raised, file }) => {
    const subject = { file, doc, statements: grants.statements };
    const reports: RuleReport[] = [];
    doc.spec.exceptions.forEach((exception, index) => {
      const path = ['spec', 'exceptions', index];
      const own = raised.filter((finding) => finding.ruleId === exception.rule && finding.category !== 'exception');
      if (own.length === 0) {
        reports.push({ messageId: 'rule-silent', data: { rule: exception.rule }, path });
        return;
      }
      // A typo in appliesTo is exception-invalid's to report; judging coverage past it would only repeat it.
      const scopes = scopesOf(exception);
      if (scopes === undefined || appliesToProblems(exception, subject).length > 0) return;
      if (!own.some((finding) => exceptionCovers(exception, finding, subject))) {
        const paths = listWithMore([...new Set(own.map((finding) => formatDocPath(finding.path) || 'the whole file'))], 5, (p) => p);
        reports.push({ messageId: 'nothing-covered', data: { rule: exception.rule, paths }, path });
        return;
      }
      scopes.forEach((scope, entry) => {
        if (scope !== undefined && !own.some((finding) => scopeCovers(scope, finding, subject))) {
          reports.push({ messageId: 'entry-unused', data: { rule: exception.rule, entry: describeEntry(exception.appliesTo![entry]!) }, path: [...path, 'appliesTo', entry] });
        }
      });
    });
    return reports;
  },
);
