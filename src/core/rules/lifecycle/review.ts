import { CSF, OWASP, SP800_53 } from '../../lint/frameworks.js';
import { identityRule, type RuleReport } from '../../lint/types.js';
import { reviewDueDate } from '../../lifecycle/recertification.js';
import { daysBetween, durationDays } from '../../time.js';

export default identityRule(
  {
    id: 'review',
    title: 'Access review missing, too rare or overdue',
    category: 'lifecycle',
    severity: 'error',
    frameworks: [OWASP.improperOffboarding, CSF.leastPrivilege, SP800_53.reviewPrivileges],
    description: 'Owners recertify every identity periodically. The interval must be within the policy maximum; a review overdue by more than the grace period is an error until the owner recertifies (gatehouse recertify --bump).',
    fix: 'Set spec.review.every within the policy maximum, and have the owner recertify by updating review.last.',
    messages: {
      missing: 'spec.review is missing: set every (e.g. 90d) and the date of the last review',
      'interval-too-long': 'review every {{every}} exceeds the policy maximum of {{max}}',
      'last-in-future': 'review.last {{last}} is in the future',
      // `days` changes every day: it is data, so the finding (rule, message id, file, path) stays the same alert.
      overdue: 'review overdue: due {{due}}, {{days}} days ago (grace {{grace}})',
    },
  },
  ({ doc, catalog, today }) => {
    const review = doc.spec.review;
    if (!review) return [{ messageId: 'missing', path: ['spec'] }];
    const findings: RuleReport[] = [];
    const every = durationDays(review.every);
    const max = durationDays(catalog.policy.review.maxEvery);
    if (every > max) findings.push({ messageId: 'interval-too-long', data: { every: review.every, max: catalog.policy.review.maxEvery }, path: ['spec', 'review', 'every'] });
    if (daysBetween(today, review.last) > 0) findings.push({ messageId: 'last-in-future', data: { last: review.last }, path: ['spec', 'review', 'last'] });
    const due = reviewDueDate(review, catalog.policy);
    const overdue = daysBetween(due, today);
    const grace = durationDays(catalog.policy.review.grace);
    if (overdue > grace) findings.push({ messageId: 'overdue', data: { last: review.last, every: review.every, due, days: overdue, grace: catalog.policy.review.grace }, path: ['spec', 'review', 'last'] });
    return findings;
  },
);
