import { OWASP, SP800_53 } from '../../lint/frameworks.js';
import { identityRule, type RuleReport } from '../../lint/types.js';
import { DESIRED_PROBLEMS_OWNED_ELSEWHERE } from '../../desired/messages.js';
import { suggestionData } from '../../text/suggest.js';

/** A wildcard in each field opens the trust differently (any pod name, any namespace, any cluster): one message each. */
const WILDCARD_MESSAGES = [
  ['namespace', 'wildcard-namespace'],
  ['serviceAccount', 'wildcard-service-account'],
  ['cluster', 'wildcard-cluster'],
] as const;

export default identityRule(
  {
    id: 'eks-trust-pinned',
    title: 'EKS trust is not pinned to one service account',
    category: 'trust',
    severity: 'error',
    frameworks: [OWASP.insecureAuthentication, OWASP.reuse, SP800_53.authorizeAccess],
    description: 'IRSA trust must name one cluster known to the account catalog, one namespace and one service account, without wildcards; otherwise every pod that can pick the service account name gets the role.',
    fix: 'Set eks.cluster to a cluster of the account in catalog/accounts.yaml, and namespace and serviceAccount to exact names.',
    messages: {
      'wildcard-namespace': 'namespace "{{value}}" contains a wildcard',
      'wildcard-service-account': 'serviceAccount "{{value}}" contains a wildcard',
      'wildcard-cluster': 'cluster "{{value}}" contains a wildcard',
      // Synth reports the same unknown cluster: one template for both (src/core/desired/messages.ts).
      ...DESIRED_PROBLEMS_OWNED_ELSEWHERE['eks-trust-pinned'],
    },
  },
  ({ doc, account }) => {
    const eks = doc.spec.workload.eks;
    if (!eks) return [];
    const base = ['spec', 'workload', 'eks'];
    const findings: RuleReport[] = [];
    for (const [field, messageId] of WILDCARD_MESSAGES) {
      if (/[*?]/.test(eks[field])) findings.push({ messageId, data: { field, value: eks[field] }, path: [...base, field] });
    }
    if (account && !(eks.cluster in account.eksClusters)) {
      const data = { cluster: eks.cluster, account: doc.spec.account, ...suggestionData(eks.cluster, Object.keys(account.eksClusters)) };
      findings.push({ messageId: 'unknown-cluster', data, path: [...base, 'cluster'] });
    }
    return findings;
  },
);
