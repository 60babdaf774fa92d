import { CSF, OWASP, SP800_53 } from '../../lint/frameworks.js';
import { identityRule, type RuleFinding } from '../../lint/types.js';
import { daysBetween, durationDays } from '../../time.js';

export default identityRule(
  {
    id: 'expiry',
    title: 'Expiry missing, past, or beyond the policy cap',
    category: 'lifecycle',
    severity: 'error',
    frameworks: [OWASP.improperOffboarding, CSF.identitiesManaged, SP800_53.disableAccounts],
    description: 'Every identity is time-bound. The policy caps the lifetime per environment (prod, staging, dev, sandbox); on expiry the identity is removed by the next synth, so renewal is a reviewed change.',
    fix: 'Set spec.expires to a date within the cap for the account environment; renew by raising it in a pull request.',
  },
  ({ doc, account, catalog, today }) => {
    const path = ['spec', 'expires'];
    const expires = doc.spec.expires;
    if (expires === undefined) return [{ message: 'spec.expires is missing: every identity needs an end date', path: ['spec'] }];
    const remaining = daysBetween(today, expires);
    const findings: RuleFinding[] = [];
    if (remaining < 0) findings.push({ message: `expired on ${expires} (${-remaining} day(s) ago): the identity will be destroyed by the next apply unless renewed`, path });
    if (account) {
      const cap = durationDays(catalog.policy.lifetime[account.environment]);
      if (remaining > cap) findings.push({ message: `expires ${expires}, ${remaining} days from today: beyond the ${cap}-day cap for ${account.environment}`, path });
    }
    return findings;
  },
);
