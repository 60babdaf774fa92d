import { CSF, OWASP, SP800_53 } from '../../lint/frameworks.js';
import { identityRule, type RuleFinding } from '../../lint/types.js';
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
  },
  ({ doc, catalog, today }) => {
    const review = doc.spec.review;
    if (!review) return [{ message: 'spec.review is missing: set every (e.g. 90d) and the date of the last review', path: ['spec'] }];
    const findings: RuleFinding[] = [];
    const every = durationDays(review.every);
    const max = durationDays(catalog.policy.review.maxEvery);
    if (every > max) findings.push({ message: `review every ${review.every} exceeds the policy maximum of ${catalog.policy.review.maxEvery}`, path: ['spec', 'review', 'every'] });
    if (daysBetween(today, review.last) > 0) findings.push({ message: `review.last ${review.last} is in the future`, path: ['spec', 'review', 'last'] });
    const due = reviewDueDate(review, catalog.policy);
    const overdue = daysBetween(due, today);
    const grace = durationDays(catalog.policy.review.grace);
    if (overdue > grace) findings.push({ message: `review overdue: due ${due}, ${overdue} days ago (grace ${catalog.policy.review.grace})`, path: ['spec', 'review', 'last'] });
    return findings;
  },
);
