import { CSF, OWASP, SP800_53 } from '../../lint/frameworks.js';
import { identityRule } from '../../lint/types.js';

const NON_PROD_NAME = /(^|[-_/])(dev|develop|development|test|testing|qa|staging|stage|sandbox|preview)([-_/]|$)/i;

export default identityRule(
  {
    id: 'prod-trusts-nonprod',
    title: 'Production identity trusts a non-production workload',
    category: 'isolation',
    severity: 'error',
    frameworks: [OWASP.environmentIsolation, CSF.leastPrivilege, SP800_53.separationOfDuties],
    description: 'A prod role assumable from a dev cluster, a staging account or a non-production deployment environment lets the weakest environment reach production.',
    fix: 'Trust a production workload only (a prod cluster, a prod account, the production environment or the protected main branch).',
    messages: {
      'nonprod-cluster': 'cluster "{{cluster}}" is a {{environment}} cluster',
      'nonprod-account': 'account {{accountId}} is a {{environment}} account',
      'nonprod-github-environment': 'GitHub environment "{{githubEnvironment}}" is not production',
      'unprotected-ref': 'ref "{{ref}}" is not the protected default branch or a tag',
    },
  },
  ({ doc, account, catalog }) => {
    if (account?.environment !== 'prod') return [];
    const workload = doc.spec.workload;
    const base = ['spec', 'workload'];
    const environmentOf = (predicate: (a: (typeof catalog.accounts)[string]) => boolean) => Object.values(catalog.accounts).find(predicate)?.environment;
    if (workload.eks) {
      const { cluster } = workload.eks;
      const environment = environmentOf((a) => cluster in a.eksClusters);
      if (environment && environment !== 'prod') return [{ messageId: 'nonprod-cluster', data: { cluster, environment }, path: [...base, 'eks', 'cluster'] }];
    }
    if (workload.crossAccount) {
      const { accountId } = workload.crossAccount;
      const environment = environmentOf((a) => a.id === accountId);
      if (environment && environment !== 'prod') return [{ messageId: 'nonprod-account', data: { accountId, environment }, path: [...base, 'crossAccount', 'accountId'] }];
    }
    if (workload.githubActions) {
      const { environment, ref } = workload.githubActions;
      if (environment && NON_PROD_NAME.test(environment)) return [{ messageId: 'nonprod-github-environment', data: { githubEnvironment: environment }, path: [...base, 'githubActions', 'environment'] }];
      if (ref && !environment && !/^refs\/(heads\/(main|master)|tags\/)/.test(ref)) return [{ messageId: 'unprotected-ref', data: { ref }, path: [...base, 'githubActions', 'ref'] }];
    }
    return [];
  },
);
