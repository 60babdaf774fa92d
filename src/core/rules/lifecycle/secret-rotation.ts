import { OWASP, SP800_53 } from '../../lint/frameworks.js';
import { identityRule, type RuleFinding } from '../../lint/types.js';
import { durationDays } from '../../time.js';

export default identityRule(
  {
    id: 'secret-rotation',
    title: 'Secret rotation missing, too slow or impossible',
    category: 'lifecycle',
    severity: 'error',
    frameworks: [OWASP.longLivedSecrets, OWASP.secretLeakage, SP800_53.authenticatorManagement],
    description: 'Every Secrets Manager secret an identity owns rotates within the policy maximum, and the account must name a rotation function, or rotation exists only on paper.',
    fix: 'Set rotateEvery within the policy maximum, and set secretRotationLambda for the account in catalog/accounts.yaml.',
  },
  ({ doc, catalog, account }) => {
    const max = durationDays(catalog.policy.rotation.secretMax);
    const findings: RuleFinding[] = [];
    doc.spec.secrets.forEach((secret, index) => {
      const path = ['spec', 'secrets', index];
      if (!secret.rotateEvery) findings.push({ message: `secret "${secret.name}" has no rotateEvery`, path });
      else if (durationDays(secret.rotateEvery) > max) findings.push({ message: `secret "${secret.name}" rotates every ${secret.rotateEvery}, beyond the policy maximum of ${catalog.policy.rotation.secretMax}`, path: [...path, 'rotateEvery'] });
      if (account && !account.secretRotationLambda) findings.push({ message: `secret "${secret.name}" cannot rotate: account "${doc.spec.account}" names no secretRotationLambda in catalog/accounts.yaml`, path: [...path, 'name'] });
    });
    return findings;
  },
);
