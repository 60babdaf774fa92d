import { identity, identityFile, type RuleTable, withStatement } from './harness.js';

const file = identityFile();

export const isolationTables: RuleTable[] = [
  {
    rule: 'cross-account-resource',
    fires: [
      {
        name: 'a resource of a known other account',
        files: withStatement('actions: [sqs:SendMessage]\nresources: ["arn:aws:sqs:us-east-1:222233334444:orders"]   # expect: cross-account-resource:21'),
        message: /^"arn:aws:sqs:us-east-1:222233334444:orders" belongs to account 222233334444 \(acme-staging, staging\), not 111122223333$/,
      },
    ],
    passes: [
      { name: 'its own account', files: withStatement('actions: [sqs:SendMessage]\nresources: ["arn:aws:sqs:us-east-1:111122223333:orders"]') },
      { name: 'an AWS-managed policy, an S3 ARN (no account part) and an account wildcard', files: withStatement('actions: [iam:GetPolicy, s3:GetObject, sqs:SendMessage]\nresources: ["arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:s3:::acme-orders/*", "arn:aws:sqs:us-east-1:*:orders"]') },
      { name: 'a Deny naming another account', files: withStatement('effect: Deny\nactions: [sqs:SendMessage]\nresources: ["arn:aws:sqs:us-east-1:222233334444:orders"]') },
      { name: 'an account outside the catalog is the other rule\'s', files: withStatement('actions: [sqs:SendMessage]\nresources: ["arn:aws:sqs:us-east-1:999988887777:orders"]   # expect: external-account-resource') },
    ],
  },
  {
    rule: 'external-account-resource',
    fires: [
      {
        name: 'a resource of an account outside the catalog: a data path out of the organisation',
        files: withStatement('actions: [sqs:SendMessage]\nresources: ["arn:aws:sqs:us-east-1:111122223333:orders", "arn:aws:sqs:us-east-1:999988887777:orders"]   # expect: external-account-resource:66'),
        message: /^"arn:aws:sqs:us-east-1:999988887777:orders" belongs to account 999988887777, which is not in catalog\/accounts\.yaml$/,
      },
      {
        name: 'an S3 bucket policy target in another organisation, through a catalog role',
        files: withStatement('actions: [s3:PutObject]\nresources: ["arn:aws:s3:::exfil-bucket/*", "arn:aws:kms:us-east-1:444455556666:key/1f2e3d4c-5b6a-4789-8a9b-0c1d2e3f4a5b"]   # expect: external-account-resource:52'),
        message: /444455556666/,
      },
    ],
    passes: [
      { name: 'a resource of another catalog account stays a warning of cross-account-resource', files: withStatement('actions: [sqs:SendMessage]\nresources: ["arn:aws:sqs:us-east-1:222233334444:orders"]   # expect: cross-account-resource') },
      { name: 'its own account and an account wildcard', files: withStatement('actions: [sqs:SendMessage]\nresources: ["arn:aws:sqs:us-east-1:111122223333:orders", "arn:aws:sqs:us-east-1:*:orders"]') },
      { name: 'a Deny naming an external account', files: withStatement('effect: Deny\nactions: [sqs:SendMessage]\nresources: ["arn:aws:sqs:us-east-1:999988887777:orders"]') },
    ],
  },
  {
    rule: 'prod-trusts-nonprod',
    fires: [
      {
        name: 'a staging EKS cluster',
        files: { [file]: identity({ workload: 'eks: { cluster: staging-main, namespace: orders, serviceAccount: test-app }   # expect: prod-trusts-nonprod:21, eks-trust-pinned:21' }) },
        message: /^cluster "staging-main" is a staging cluster$/,
      },
      {
        name: 'a staging account',
        files: { [file]: identity({ workload: 'crossAccount: { accountId: "222233334444", externalId: vendor-7f3a9c21 }   # expect: prod-trusts-nonprod:32' }) },
        message: /^account 222233334444 is a staging account$/,
      },
      {
        name: 'a staging GitHub environment',
        files: { [file]: identity({ workload: 'githubActions: { repo: acme/orders, environment: staging }   # expect: prod-trusts-nonprod:54' }) },
        message: /^GitHub environment "staging" is not production$/,
      },
      {
        name: 'a feature branch',
        files: { [file]: identity({ workload: 'githubActions: { repo: acme/orders, ref: refs/heads/develop }   # expect: prod-trusts-nonprod:46' }) },
        message: /^ref "refs\/heads\/develop" is not the protected default branch or a tag$/,
      },
    ],
    passes: [
      { name: 'the prod cluster', files: { [file]: identity() } },
      { name: 'a dev identity may trust dev', files: { [file]: identity({ account: 'acme-dev', expires: '2027-01-31', workload: 'githubActions: { repo: acme/orders, environment: development }' }) } },
      { name: 'the production environment', files: { [file]: identity({ workload: 'githubActions: { repo: acme/orders, environment: production }' }) } },
      { name: 'a release tag', files: { [file]: identity({ workload: 'githubActions: { repo: acme/orders, ref: refs/tags/v2.0.0 }' }) } },
      { name: 'a vendor account outside the catalog', files: { [file]: identity({ workload: 'crossAccount: { accountId: "444455556666", externalId: vendor-7f3a9c21 }' }) } },
    ],
  },
];
