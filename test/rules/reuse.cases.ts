import { identity, identityFile, type RuleTable } from './harness.js';

const sharedAccount = 'eks: { cluster: prod-main, namespace: orders, serviceAccount: orders }';

export const reuseTables: RuleTable[] = [
  {
    rule: 'workload-reuse',
    fires: [
      {
        name: 'two identities for one EKS service account: reported on the second file',
        files: {
          [identityFile('orders-a')]: identity({ name: 'orders-a', workload: sharedAccount }),
          [identityFile('orders-b')]: identity({ name: 'orders-b', workload: sharedAccount, marks: { workload: 'workload-reuse:3' } }),
        },
        message: /^the same workload is already bound to identity "orders-a" \(identities\/payments\/orders-a\.yaml\)$/,
      },
      {
        name: 'one pipeline, one environment, across teams',
        files: {
          [identityFile('deploy-a', 'data')]: identity({ name: 'deploy-a', workload: 'githubActions: { repo: acme/orders, environment: production }' }),
          [identityFile('deploy-b')]: identity({ name: 'deploy-b', workload: 'githubActions: { repo: Acme/Orders, environment: production }', marks: { workload: 'workload-reuse' } }),
        },
      },
      {
        name: 'one Roles Anywhere certificate under two system names: its holder gets both roles',
        files: {
          [identityFile('vendor-a', 'data')]: identity({ name: 'vendor-a', account: 'acme-dev', expires: '2027-01-31', workload: 'external: { system: vendor-sync, certificate: { subjectCN: sync.vendor.example } }' }),
          [identityFile('vendor-b')]: identity({ name: 'vendor-b', account: 'acme-dev', expires: '2027-01-31', workload: 'external: { system: vendor-reports, certificate: { subjectCN: sync.vendor.example } }', marks: { workload: 'workload-reuse' } }),
        },
      },
    ],
    passes: [
      {
        name: 'two certificate subjects of one vendor system are two workloads',
        files: {
          [identityFile('vendor-a', 'data')]: identity({ name: 'vendor-a', account: 'acme-dev', expires: '2027-01-31', workload: 'external: { system: vendor, certificate: { subjectCN: a.vendor.example } }' }),
          [identityFile('vendor-b')]: identity({ name: 'vendor-b', account: 'acme-dev', expires: '2027-01-31', workload: 'external: { system: vendor, certificate: { subjectCN: b.vendor.example } }' }),
        },
      },
      {
        name: 'the same names in another account are another workload',
        files: {
          [identityFile('orders-a')]: identity({ name: 'orders-a', workload: sharedAccount }),
          [identityFile('orders-b')]: identity({ name: 'orders-b', account: 'acme-dev', expires: '2027-01-31', workload: 'eks: { cluster: dev-main, namespace: orders, serviceAccount: orders }' }),
        },
      },
      {
        name: 'one AWS service assumes many roles',
        files: {
          [identityFile('fn-a')]: identity({ name: 'fn-a', workload: 'awsService: lambda.amazonaws.com' }),
          [identityFile('fn-b')]: identity({ name: 'fn-b', workload: 'awsService: lambda.amazonaws.com' }),
        },
      },
      {
        name: 'an approved exception on the second identity suppresses it, and is not reported unused',
        files: {
          [identityFile('orders-a')]: identity({ name: 'orders-a', workload: sharedAccount }),
          [identityFile('orders-b')]: identity({
            name: 'orders-b',
            workload: sharedAccount,
            specExtra: 'exceptions:\n  - rule: workload-reuse\n    reason: Blue/green migration of the orders service until cut-over.\n    approvedBy: "@acme/security"\n    expires: 2027-01-15',
          }),
        },
        suppressed: ['workload-reuse'],
        absent: ['exception-unused', 'exception-invalid'],
      },
    ],
  },
  {
    rule: 'workload-owners-differ',
    fires: [
      {
        name: "another team binds its identity to the orders service account",
        files: {
          [identityFile('orders-a')]: identity({ name: 'orders-a', workload: sharedAccount, marks: { workload: 'workload-owners-differ:3' } }),
          [identityFile('borrowed', 'data')]: identity({ name: 'borrowed', owner: '@acme/data', workload: sharedAccount, marks: { workload: 'workload-owners-differ:3' } }),
        },
        message: /^the same workload is also bound to "(orders-a|borrowed)" \(identities\/(payments|data)\/\1\.yaml\) of @acme\/(payments|data); this identity belongs to @acme\/(payments|data)$/,
        absent: ['workload-reuse'],
      },
      {
        name: 'an exception for workload-reuse does not cover it',
        files: {
          [identityFile('orders-a')]: identity({ name: 'orders-a', workload: sharedAccount, marks: { workload: 'workload-owners-differ' } }),
          [identityFile('borrowed', 'data')]: identity({
            name: 'borrowed',
            owner: '@acme/data',
            workload: sharedAccount,
            marks: { workload: 'workload-owners-differ' },
            specExtra: 'exceptions:\n  - rule: workload-reuse   # expect: exception-unused\n    reason: Blue/green migration of the orders service until cut-over.\n    approvedBy: "@acme/security"\n    expires: 2027-01-15',
          }),
        },
      },
    ],
    passes: [
      {
        name: 'one owner, spelt in another case, is workload-reuse only',
        files: {
          [identityFile('orders-a')]: identity({ name: 'orders-a', workload: sharedAccount }),
          [identityFile('orders-b')]: identity({ name: 'orders-b', owner: '@Acme/Payments', workload: sharedAccount, marks: { workload: 'workload-reuse' } }),
        },
      },
      {
        name: 'approved exceptions on both identities cover it',
        files: {
          [identityFile('orders-a')]: identity({
            name: 'orders-a',
            workload: sharedAccount,
            specExtra: 'exceptions:\n  - rule: workload-owners-differ\n    reason: Data team reads the orders stream during the migration.\n    approvedBy: "@acme/security"\n    expires: 2027-01-15',
          }),
          [identityFile('borrowed', 'data')]: identity({
            name: 'borrowed',
            owner: '@acme/data',
            workload: sharedAccount,
            specExtra: 'exceptions:\n  - rule: workload-owners-differ\n    reason: Data team reads the orders stream during the migration.\n    approvedBy: "@acme/security"\n    expires: 2027-01-15',
          }),
        },
        suppressed: ['workload-owners-differ'],
        absent: ['exception-unused', 'exception-invalid'],
      },
    ],
  },
  {
    rule: 'duplicate-name',
    fires: [
      {
        name: 'one name in two files',
        files: {
          'identities/data/orders.yaml': identity({ name: 'orders', workload: 'awsService: lambda.amazonaws.com' }),
          'identities/payments/orders.yaml': identity({ name: 'orders', workload: 'awsService: states.amazonaws.com', marks: { name: 'duplicate-name:9' } }),
        },
        message: /^identity name "orders" is already used by identities\/data\/orders\.yaml$/,
      },
    ],
    passes: [
      {
        name: 'distinct names',
        files: { [identityFile('orders-a')]: identity({ name: 'orders-a' }), [identityFile('orders-b')]: identity({ name: 'orders-b', workload: 'awsService: lambda.amazonaws.com' }) },
      },
    ],
  },
];
