import { CSF, OWASP, SP800_53 } from '../../lint/frameworks.js';
import { identityRule, type RuleReport } from '../../lint/types.js';

export default identityRule(
  {
    id: 'github-trust-pinned',
    title: 'GitHub Actions trust is not pinned',
    category: 'trust',
    severity: 'error',
    frameworks: [OWASP.insecureAuthentication, CSF.identitiesManaged, SP800_53.authorizeAccess],
    description: 'The OIDC trust must pin one repository and one protected environment or ref. A wildcard, or no environment/ref, lets any branch or fork workflow of the repository assume the role.',
    fix: 'Set githubActions.repo to "org/name" and either environment (a protected environment) or ref (e.g. refs/heads/main), without wildcards.',
    messages: {
      'wildcard-repo': 'repo "{{repo}}" contains a wildcard: pin one repository',
      'no-environment-or-ref': 'neither environment nor ref is set: any workflow run of the repository could assume this role',
      'wildcard-environment': 'environment "{{environment}}" contains a wildcard',
      'wildcard-ref': 'ref "{{ref}}" contains a wildcard',
      'not-full-ref': 'ref "{{ref}}" is not a full ref such as refs/heads/main',
    },
  },
  ({ doc }) => {
    const github = doc.spec.workload.githubActions;
    if (!github) return [];
    const base = ['spec', 'workload', 'githubActions'];
    const findings: RuleReport[] = [];
    const wild = (value: string) => /[*?]/.test(value);
    const { repo, environment, ref } = github;
    if (wild(repo)) findings.push({ messageId: 'wildcard-repo', data: { repo }, path: [...base, 'repo'] });
    if (environment === undefined && ref === undefined) findings.push({ messageId: 'no-environment-or-ref', data: { repo }, path: base });
    if (environment !== undefined && wild(environment)) findings.push({ messageId: 'wildcard-environment', data: { repo, environment }, path: [...base, 'environment'] });
    if (ref !== undefined && wild(ref)) findings.push({ messageId: 'wildcard-ref', data: { repo, ref }, path: [...base, 'ref'] });
    if (ref !== undefined && !/^refs\/(heads|tags)\//.test(ref)) findings.push({ messageId: 'not-full-ref', data: { repo, ref }, path: [...base, 'ref'] });
    return findings;
  },
);
