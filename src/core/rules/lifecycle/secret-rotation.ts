import { OWASP, SP800_53 } from '../../lint/frameworks.js';
import { identityRule, type RuleReport } from '../../lint/types.js';
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
    messages: {
      'no-rotation-period': 'secret "{{secret}}" has no rotateEvery',
      'rotation-too-slow': 'secret "{{secret}}" rotates every {{rotateEvery}}, beyond the policy maximum of {{max}}',
      'no-rotation-function': 'secret "{{secret}}" cannot rotate: account "{{account}}" names no secretRotationLambda in catalog/accounts.yaml',
    },
  },
  ({ doc, catalog, account }) => {
    const max = durationDays(catalog.policy.rotation.secretMax);
    const findings: RuleReport[] = [];
    doc.spec.secrets.forEach((secret, index) => {
      const path = ['spec', 'secrets', index];
      const name = secret.name;
      if (!secret.rotateEvery) findings.push({ messageId: 'no-rotation-period', data: { secret: name }, path });
      else if (durationDays(secret.rotateEvery) > max) findings.push({ messageId: 'rotation-too-slow', data: { secret: name, rotateEvery: secret.rotateEvery, max: catalog.policy.rotation.secretMax }, path: [...path, 'rotateEvery'] });
      if (account && !account.secretRotationLambda) findings.push({ messageId: 'no-rotation-function', data: { secret: name, account: doc.spec.account }, path: [...path, 'name'] });
    });
    return findings;
  },
);
