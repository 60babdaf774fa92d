import { CSF, OWASP, SP800_53 } from '../../lint/frameworks.js';
import { identityRule } from '../../lint/types.js';

export default identityRule(
  {
    id: 'static-credentials',
    title: 'Static access key instead of a role',
    category: 'credentials',
    severity: 'error',
    frameworks: [OWASP.longLivedSecrets, OWASP.secretLeakage, CSF.identitiesManaged, SP800_53.authenticatorManagement],
    description: 'Long-lived access keys leak through logs, laptops and vendor breaches. Workloads use short-lived role credentials; an external system that cannot needs a controlled exception approved by the security team.',
    fix: 'Use a githubActions, eks, awsService or crossAccount workload; for a system outside AWS, give it a certificate (workload.external.certificate.subjectCN, IAM Roles Anywhere). Only a vendor that accepts nothing but keys needs an exception for static-credentials approved by the security team.',
    messages: {
      'external-without-certificate': 'external system "{{system}}" uses a static access key: give it a certificate (external.certificate.subjectCN, IAM Roles Anywhere) or an approved exception',
      'access-key': 'spec.credentials.accessKey issues a static access key: it needs an approved exception',
    },
  },
  ({ doc }) => {
    const external = doc.spec.workload.external;
    if (external && !external.certificate) return [{ messageId: 'external-without-certificate', data: { system: external.system }, path: ['spec', 'workload', 'external'] }];
    if (doc.spec.credentials?.accessKey) return [{ messageId: 'access-key', path: ['spec', 'credentials', 'accessKey'] }];
    return [];
  },
);
