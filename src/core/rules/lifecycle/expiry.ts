import { CSF, OWASP, SP800_53 } from '../../lint/frameworks.js';
import { identityRule, type RuleReport } from '../../lint/types.js';
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
    messages: {
      missing: 'spec.expires is missing: every identity needs an end date',
      expired: 'expired on {{expires}} ({{daysAgo}} day(s) ago): the identity will be destroyed by the next apply unless renewed',
      'expires-too-late': 'expires {{expires}}, {{daysLeft}} days from today: beyond the {{capDays}}-day cap for {{environment}}',
    },
  },
  ({ doc, account, catalog, today }) => {
    const path = ['spec', 'expires'];
    const expires = doc.spec.expires;
    if (expires === undefined) return [{ messageId: 'missing', path: ['spec'] }];
    const remaining = daysBetween(today, expires);
    const findings: RuleReport[] = [];
    if (remaining < 0) findings.push({ messageId: 'expired', data: { expires, daysAgo: -remaining }, path });
    if (account) {
      const { environment } = account;
      const cap = durationDays(catalog.policy.lifetime[environment]);
      if (remaining > cap) findings.push({ messageId: 'expires-too-late', data: { expires, daysLeft: remaining, capDays: cap, environment }, path });
    }
    return findings;
  },
);
