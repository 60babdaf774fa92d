import { OWASP, SP800_53 } from '../../lint/frameworks.js';
import { identityRule } from '../../lint/types.js';
import { usesStaticCredentials } from '../../model.js';
import { durationDays } from '../../time.js';

export default identityRule(
  {
    id: 'access-key-rotation',
    title: 'Access key without a rotation period within policy',
    category: 'credentials',
    severity: 'error',
    frameworks: [OWASP.longLivedSecrets, SP800_53.authenticatorManagement],
    description: 'A static access key, even under an exception, rotates within the policy maximum; reconcile reports keys older than their period.',
    fix: 'Set spec.credentials.accessKey.rotateEvery within the policy maximum (catalog/policy.yaml rotation.accessKeyMax).',
    messages: {
      'no-rotation-period': 'the access key has no rotation period: set spec.credentials.accessKey.rotateEvery (at most {{max}})',
      'rotation-too-slow': 'the access key rotates every {{rotateEvery}}, beyond the policy maximum of {{max}}',
    },
  },
  ({ doc, catalog }) => {
    if (!usesStaticCredentials(doc)) return [];
    const rotateEvery = doc.spec.credentials?.accessKey?.rotateEvery;
    const max = catalog.policy.rotation.accessKeyMax;
    if (!rotateEvery) return [{ messageId: 'no-rotation-period', data: { max }, path: doc.spec.credentials?.accessKey ? ['spec', 'credentials', 'accessKey'] : ['spec'] }];
    if (durationDays(rotateEvery) > durationDays(max)) return [{ messageId: 'rotation-too-slow', data: { rotateEvery, max }, path: ['spec', 'credentials', 'accessKey', 'rotateEvery'] }];
    return [];
  },
);
