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
    fix: 'Use a githubActions, eks, awsService or crossAccount workload; otherwise add an exception for static-credentials approved by the security team.',
  },
  ({ doc }) => {
    if (doc.spec.workload.external) return [{ message: `external system "${doc.spec.workload.external.system}" uses a static access key: it needs an approved exception`, path: ['spec', 'workload', 'external'] }];
    if (doc.spec.credentials?.accessKey) return [{ message: 'spec.credentials.accessKey issues a static access key: it needs an approved exception', path: ['spec', 'credentials', 'accessKey'] }];
    return [];
  },
);
