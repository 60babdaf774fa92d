import { CSF } from '../../lint/frameworks.js';
import { identityRule } from '../../lint/types.js';

export default identityRule(
  {
    id: 'exception-unused',
    title: 'Exception suppresses nothing',
    category: 'exception',
    severity: 'warning',
    frameworks: [CSF.leastPrivilege],
    description: 'An exception whose rule no longer fires is stale paperwork that would silently cover a future regression.',
    fix: 'Remove the exception.',
  },
  ({ doc, fired }) =>
    doc.spec.exceptions.flatMap((exception, index) =>
      fired.has(exception.rule) ? [] : [{ message: `exception for ${exception.rule} suppresses nothing: the rule does not fire for this identity`, path: ['spec', 'exceptions', index] }],
    ),
);
