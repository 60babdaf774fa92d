import { identity, identityFile, rolesWith, type RuleTable } from './harness.js';

const file = identityFile();

export const schemaTables: RuleTable[] = [
  {
    rule: 'unknown-account',
    fires: [
      {
        name: 'a misspelt account, with the closest key suggested',
        files: { [file]: identity({ account: 'acme-prd', marks: { account: 'unknown-account:12' } }) },
        message: /unknown account "acme-prd"\. Did you mean "acme-prod"\?/,
      },
      {
        name: 'an account nowhere near a known key: no suggestion',
        files: { [file]: identity({ account: 'finance-emea', marks: { account: 'unknown-account:12' } }) },
        message: /^unknown account "finance-emea"\.$/,
      },
    ],
    passes: [
      { name: 'a key of catalog/accounts.yaml', files: { [file]: identity() } },
      { name: 'another environment', files: { [file]: identity({ account: 'acme-dev', workload: 'eks: { cluster: dev-main, namespace: orders, serviceAccount: test-app }', expires: '2027-01-31' }) } },
    ],
  },
  {
    rule: 'grant-reference',
    fires: [
      {
        name: 'an unknown catalog role, with the closest one suggested',
        files: { [file]: identity({ grants: '- role: sqs-sendr   # expect: grant-reference:13\n  params: { queue: orders }' }) },
        message: /unknown catalog role "sqs-sendr"\. Did you mean "sqs-sender"\?/,
      },
      {
        name: 'a role not meant for the workload kind',
        files: {
          [file]: identity({
            workload: 'githubActions: { repo: acme/orders, environment: production }',
            grants: '- role: dynamodb-table-writer   # expect: grant-reference:13\n  params: { table: orders }',
          }),
        },
        message: /not meant for githubActions workloads \(it fits eks, awsService\)/,
      },
      {
        name: 'a missing parameter points at the grant',
        files: { [file]: identity({ grants: '- role: sqs-sender   # expect: grant-reference:7' }) },
        message: /missing parameter "queue"/,
      },
      {
        name: 'an unknown parameter, with the closest one suggested',
        files: { [file]: identity({ grants: '- role: sqs-sender\n  params: { queue: orders, queues: billing }   # expect: grant-reference:40' }) },
        message: /no parameter "queues"\. Did you mean "queue"\?/,
      },
      {
        name: 'a parameter of the wrong type',
        files: { [file]: identity({ grants: '- role: sqs-sender\n  params: { queue: 42 }   # expect: grant-reference:24' }) },
        message: /parameter "queue" must be a string, not number/,
      },
      {
        name: 'a parameter that does not match the declared pattern (a wildcard smuggled in)',
        files: { [file]: identity({ grants: '- role: sqs-sender\n  params: { queue: "orders*" }   # expect: grant-reference:24' }) },
        message: /parameter "queue" value "orders\*" does not match/,
      },
      {
        // The misspelt parameter is one finding: unknown "topc", with "topic" suggested (not also "missing topic").
        name: 'one bad grant does not hide another',
        files: {
          [file]: identity({
            grants: `
              - role: sqs-sendr   # expect: grant-reference
                params: { queue: orders }
              - role: sns-publisher
                params: { topc: alerts }   # expect: grant-reference:23
            `,
          }),
        },
      },
    ],
    passes: [
      { name: 'a known role with its parameters', files: { [file]: identity() } },
      { name: 'a parameter with a default may be left out', files: { [file]: identity({ grants: '- role: s3-object-reader\n  params: { bucket: acme-orders }' }) } },
      { name: 'an ad-hoc statement refers to no role', files: { [file]: identity({ grants: '- statement:\n    actions: [sqs:SendMessage]\n    resources: ["arn:aws:sqs:us-east-1:111122223333:orders"]\n  reason: Publish order events for billing' }) } },
    ],
  },
  {
    rule: 'file-layout',
    fires: [
      {
        name: 'directly under identities/, without a team directory',
        files: { 'identities/test-app.yaml': identity({ marks: { name: 'file-layout:9' } }) },
        message: /expected identities\/<team>\/test-app\.yaml/,
      },
      {
        name: 'the file name is not the identity name',
        files: { 'identities/payments/orders.yaml': identity({ marks: { name: 'file-layout:9' } }) },
        message: /file identities\/payments\/orders\.yaml holds identity "test-app"/,
      },
      { name: 'nested one directory too deep', files: { 'identities/payments/eu/test-app.yaml': identity({ marks: { name: 'file-layout' } }) } },
    ],
    passes: [
      { name: 'identities/<team>/<name>.yaml', files: { [file]: identity() } },
      { name: 'the .yml extension', files: { 'identities/payments/test-app.yml': identity() } },
    ],
  },
];
