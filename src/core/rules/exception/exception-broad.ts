import { appliesToYaml, exceptionCovers, exceptionIsValid, narrowestPaths } from '../../lint/exceptions.js';
import { CSF } from '../../lint/frameworks.js';
import { identityRule, type RuleReport } from '../../lint/types.js';

export default identityRule(
  {
    id: 'exception-broad',
    title: 'Exception covers its whole rule',
    category: 'exception',
    severity: 'warning',
    frameworks: [CSF.leastPrivilege],
    description: 'An exception without appliesTo suppresses every finding of its rule on the identity, including ones that appear later (a new grant with the same problem). Narrowed to the paths or resources that were approved, a new finding still shows.',
    fix: 'Add the appliesTo the message suggests: the paths of the findings it suppresses today.',
    messages: {
      broad: 'exception for {{rule}} covers every finding of the rule on this identity: narrow it to what it suppresses today with appliesTo: {{suggestion}}',
    },
  },
  ({ doc, grants, raised, file, today, catalog, knownRules }) => {
    const subject = { file, doc, statements: grants.statements };
    const reports: RuleReport[] = [];
    doc.spec.exceptions.forEach((exception, index) => {
      // Only an exception that suppresses something today: an invalid or unused one is reported already.
      if (exception.appliesTo !== undefined || !exceptionIsValid(exception, { today, policy: catalog.policy, knownRules, subject })) return;
      const paths = narrowestPaths(raised.filter((finding) => finding.file === file && exceptionCovers(exception, finding, subject)));
      if (paths.length > 0) reports.push({ messageId: 'broad', data: { rule: exception.rule, suggestion: appliesToYaml(paths) }, path: ['spec', 'exceptions', index] });
    });
    return reports;
  },
);
