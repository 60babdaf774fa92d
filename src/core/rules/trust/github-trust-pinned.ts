import { CSF, OWASP, SP800_53 } from '../../lint/frameworks.js';
import { identityRule, type RuleFinding } from '../../lint/types.js';

export default identityRule(
  {
    id: 'github-trust-pinned',
    title: 'GitHub Actions trust is not pinned',
    category: 'trust',
    severity: 'error',
    frameworks: [OWASP.insecureAuthentication, CSF.identitiesManaged, SP800_53.authorizeAccess],
    description: 'The OIDC trust must pin one repository and one protected environment or ref. A wildcard, or no environment/ref, lets any branch or fork workflow of the repository assume the role.',
    fix: 'Set githubActions.repo to "org/name" and either environment (a protected environment) or ref (e.g. refs/heads/main), without wildcards.',
  },
  ({ doc }) => {
    const github = doc.spec.workload.githubActions;
    if (!github) return [];
    const base = ['spec', 'workload', 'githubActions'];
    const findings: RuleFinding[] = [];
    const wild = (value: string) => /[*?]/.test(value);
    if (wild(github.repo)) findings.push({ message: `repo "${github.repo}" contains a wildcard: pin one repository`, path: [...base, 'repo'] });
    if (github.environment === undefined && github.ref === undefined) findings.push({ message: 'neither environment nor ref is set: any workflow run of the repository could assume this role', path: base });
    if (github.environment !== undefined && wild(github.environment)) findings.push({ message: `environment "${github.environment}" contains a wildcard`, path: [...base, 'environment'] });
    if (github.ref !== undefined && wild(github.ref)) findings.push({ message: `ref "${github.ref}" contains a wildcard`, path: [...base, 'ref'] });
    if (github.ref !== undefined && !/^refs\/(heads|tags)\//.test(github.ref)) findings.push({ message: `ref "${github.ref}" is not a full ref such as refs/heads/main`, path: [...base, 'ref'] });
    return findings;
  },
);
