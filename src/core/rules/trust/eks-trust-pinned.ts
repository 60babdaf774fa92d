import { OWASP, SP800_53 } from '../../lint/frameworks.js';
import { identityRule, type RuleFinding } from '../../lint/types.js';
import { didYouMean } from '../../text/suggest.js';

export default identityRule(
  {
    id: 'eks-trust-pinned',
    title: 'EKS trust is not pinned to one service account',
    category: 'trust',
    severity: 'error',
    frameworks: [OWASP.insecureAuthentication, OWASP.reuse, SP800_53.authorizeAccess],
    description: 'IRSA trust must name one cluster known to the account catalog, one namespace and one service account, without wildcards; otherwise every pod that can pick the service account name gets the role.',
    fix: 'Set eks.cluster to a cluster of the account in catalog/accounts.yaml, and namespace and serviceAccount to exact names.',
  },
  ({ doc, account }) => {
    const eks = doc.spec.workload.eks;
    if (!eks) return [];
    const base = ['spec', 'workload', 'eks'];
    const findings: RuleFinding[] = [];
    for (const field of ['namespace', 'serviceAccount', 'cluster'] as const) {
      if (/[*?]/.test(eks[field])) findings.push({ message: `${field} "${eks[field]}" contains a wildcard`, path: [...base, field] });
    }
    if (account && !(eks.cluster in account.eksClusters)) {
      findings.push({ message: `cluster "${eks.cluster}" is not an EKS cluster of account "${doc.spec.account}" in catalog/accounts.yaml.${didYouMean(eks.cluster, Object.keys(account.eksClusters))}`, path: [...base, 'cluster'] });
    }
    return findings;
  },
);
