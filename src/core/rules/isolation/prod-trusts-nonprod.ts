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
  },
  ({ doc, account, catalog }) => {
    if (account?.environment !== 'prod') return [];
    const workload = doc.spec.workload;
    const base = ['spec', 'workload'];
    const environmentOf = (predicate: (a: (typeof catalog.accounts)[string]) => boolean) => Object.values(catalog.accounts).find(predicate)?.environment;
    if (workload.eks) {
      const env = environmentOf((a) => workload.eks!.cluster in a.eksClusters);
      if (env && env !== 'prod') return [{ message: `cluster "${workload.eks.cluster}" is a ${env} cluster`, path: [...base, 'eks', 'cluster'] }];
    }
    if (workload.crossAccount) {
      const env = environmentOf((a) => a.id === workload.crossAccount!.accountId);
      if (env && env !== 'prod') return [{ message: `account ${workload.crossAccount.accountId} is a ${env} account`, path: [...base, 'crossAccount', 'accountId'] }];
    }
    if (workload.githubActions) {
      const { environment, ref } = workload.githubActions;
      if (environment && NON_PROD_NAME.test(environment)) return [{ message: `GitHub environment "${environment}" is not production`, path: [...base, 'githubActions', 'environment'] }];
      if (ref && !environment && !/^refs\/(heads\/(main|master)|tags\/)/.test(ref)) return [{ message: `ref "${ref}" is not the protected default branch or a tag`, path: [...base, 'githubActions', 'ref'] }];
    }
    return [];
  },
);
