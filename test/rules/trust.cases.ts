import { identity, identityFile, type RuleTable } from './harness.js';

const file = identityFile();
/** A dev identity: prod-trusts-nonprod stays out of the way of the trust rules. */
const dev = (workload: string) => ({ [file]: identity({ account: 'acme-dev', expires: '2027-01-31', workload }) });

export const trustTables: RuleTable[] = [
  {
    rule: 'github-trust-pinned',
    fires: [
      {
        name: 'a wildcard repository and neither environment nor ref',
        files: dev('githubActions: { repo: "acme/*" }   # expect: github-trust-pinned:20, github-trust-pinned:28'),
      },
      { name: 'no environment and no ref', files: dev('githubActions: { repo: acme/orders }   # expect: github-trust-pinned:20'), message: /^neither environment nor ref is set/ },
      { name: 'a wildcard environment', files: dev('githubActions: { repo: acme/orders, environment: "prod*" }   # expect: github-trust-pinned:54'), message: /^environment "prod\*" contains a wildcard$/ },
      {
        name: 'a wildcard ref is also not a full ref',
        files: dev('githubActions: { repo: acme/orders, ref: "refs/heads/*" }   # expect: github-trust-pinned:46'),
        message: /^ref "refs\/heads\/\*" contains a wildcard$/,
      },
      { name: 'a short ref', files: dev('githubActions: { repo: acme/orders, ref: main }   # expect: github-trust-pinned:46'), message: /^ref "main" is not a full ref such as refs\/heads\/main$/ },
      {
        name: 'block style points at the field',
        files: dev(`
          githubActions:
            repo: acme/orders
            ref: main   # expect: github-trust-pinned:12
        `),
      },
    ],
    passes: [
      { name: 'a protected environment', files: dev('githubActions: { repo: acme/orders, environment: production }') },
      { name: 'the main branch', files: dev('githubActions: { repo: acme/orders, ref: refs/heads/main }') },
      { name: 'a tag', files: dev('githubActions: { repo: acme/orders, ref: refs/tags/v1.2.0 }') },
      { name: 'another workload kind', files: dev('awsService: lambda.amazonaws.com') },
    ],
  },
  {
    rule: 'cross-account-trusts-catalog',
    fires: [
      {
        name: "its own account: every principal there allowed sts:AssumeRole becomes it",
        files: { [file]: identity({ workload: 'crossAccount: { accountId: "111122223333", externalId: self-trust-7f3a }   # expect: cross-account-trusts-catalog:32' }) },
        message: /^account 111122223333 is this identity's own account/,
      },
      {
        name: 'another catalog account',
        files: dev('crossAccount: { accountId: "111122223333", externalId: prod-into-dev-7f3a }   # expect: cross-account-trusts-catalog:32'),
        message: /^account 111122223333 is catalog account "acme-prod" \(prod\)/,
      },
    ],
    passes: [{ name: 'a vendor account outside the catalog', files: dev('crossAccount: { accountId: "444455556666", externalId: vendor-7f3a9c21 }') }],
  },
  {
    rule: 'cross-account-external-id',
    fires: [
      {
        name: 'no external id',
        files: dev('crossAccount: { accountId: "444455556666" }   # expect: cross-account-external-id:19'),
        message: /^account 444455556666 may assume this role without an external id$/,
      },
      { name: 'a guessable external id', files: dev('crossAccount: { accountId: "444455556666", externalId: abc123 }   # expect: cross-account-external-id:60'), message: /shorter than 8 characters/ },
    ],
    passes: [{ name: 'a vendor-issued external id', files: dev('crossAccount: { accountId: "444455556666", externalId: vendor-7f3a9c21 }') }],
  },
  {
    rule: 'eks-trust-pinned',
    fires: [
      { name: 'a wildcard namespace', files: { [file]: identity({ workload: 'eks: { cluster: prod-main, namespace: "*", serviceAccount: test-app }   # expect: eks-trust-pinned:43' }) }, message: /^namespace "\*" contains a wildcard$/ },
      // Also not a cluster of the account: a wildcard names no one OIDC provider.
      { name: 'a wildcard cluster', files: { [file]: identity({ workload: 'eks: { cluster: "prod-*", namespace: orders, serviceAccount: test-app }   # expect: eks-trust-pinned:21, eks-trust-pinned:21' }) } },
      { name: 'a wildcard service account', files: { [file]: identity({ workload: 'eks: { cluster: prod-main, namespace: orders, serviceAccount: "orders-*" }   # expect: eks-trust-pinned:67' }) } },
      {
        name: 'a cluster the account does not have, with the closest one suggested',
        files: { [file]: identity({ workload: 'eks: { cluster: prod-mian, namespace: orders, serviceAccount: test-app }   # expect: eks-trust-pinned:21' }) },
        message: /cluster "prod-mian" is not an EKS cluster of account "acme-prod" in catalog\/accounts\.yaml\. Did you mean "prod-main"\?/,
      },
      {
        name: 'a cluster of another account',
        files: { [file]: identity({ workload: 'eks: { cluster: staging-main, namespace: orders, serviceAccount: test-app }   # expect: eks-trust-pinned:21, prod-trusts-nonprod:21' }) },
      },
    ],
    passes: [
      { name: 'one cluster of the account, one namespace, one service account', files: { [file]: identity() } },
      { name: 'block style', files: { [file]: identity({ workload: 'eks:\n  cluster: prod-main\n  namespace: orders\n  serviceAccount: test-app' }) } },
    ],
  },
  {
    rule: 'service-principal-known',
    fires: [
      {
        name: 'a misspelt principal, with the closest one suggested',
        files: dev('awsService: lamda.amazonaws.com   # expect: service-principal-known:17'),
        message: /^"lamda\.amazonaws\.com" is not a known AWS service principal\. Did you mean "lambda\.amazonaws\.com"\?$/,
      },
      { name: 'a service name without .amazonaws.com', files: dev('awsService: lambda   # expect: service-principal-known:17'), message: /"lambda" is not a known AWS service principal/ },
    ],
    passes: [
      { name: 'lambda.amazonaws.com', files: dev('awsService: lambda.amazonaws.com') },
      { name: 'a principal whose prefix differs from the IAM service prefix', files: dev('awsService: ecs-tasks.amazonaws.com') },
      { name: 'states.amazonaws.com', files: dev('awsService: states.amazonaws.com') },
    ],
  },
];
