import { EXAMPLE_ACCOUNTS, identity, identityFile, type RuleTable } from './harness.js';

const file = identityFile();

const prodWithoutRotationLambda = (() => {
  const line = '    secretRotationLambda: arn:aws:lambda:us-east-1:111122223333:function:gatehouse-secret-rotator\n';
  if (!EXAMPLE_ACCOUNTS.includes(line)) throw new Error('the example accounts.yaml changed: update this fixture');
  return EXAMPLE_ACCOUNTS.replace(line, '');
})();

export const lifecycleTables: RuleTable[] = [
  {
    rule: 'expiry',
    fires: [
      { name: 'no expiry: points at spec', files: { [file]: identity({ expires: null, marks: { spec: 'expiry:1' } }) }, message: /^spec\.expires is missing: every identity needs an end date$/ },
      {
        name: 'expired',
        files: { [file]: identity({ expires: '2026-11-01', marks: { expires: 'expiry:12' } }) },
        message: /^expired on 2026-11-01 \(24 day\(s\) ago\): the identity will be destroyed by the next apply unless renewed$/,
      },
      { name: 'beyond the prod cap (365d)', files: { [file]: identity({ expires: '2027-11-26', marks: { expires: 'expiry:12' } }) }, message: /^expires 2027-11-26, 366 days from today: beyond the 365-day cap for prod$/ },
      {
        name: 'beyond the dev cap (90d)',
        files: { [file]: identity({ account: 'acme-dev', workload: 'eks: { cluster: dev-main, namespace: orders, serviceAccount: test-app }', expires: '2027-06-30', marks: { expires: 'expiry' } }) },
        message: /beyond the 90-day cap for dev/,
      },
    ],
    passes: [
      { name: 'within the cap', files: { [file]: identity() } },
      { name: 'exactly at the prod cap', files: { [file]: identity({ expires: '2027-11-25' }) } },
      { name: 'expiring today is not expired yet', files: { [file]: identity({ expires: '2026-11-25' }) } },
      { name: 'no cap applies to an unknown account', files: { [file]: identity({ account: 'acme-nowhere', expires: '2030-01-01', marks: { account: 'unknown-account' } }) } },
    ],
  },
  {
    rule: 'review',
    fires: [
      { name: 'no review: points at spec', files: { [file]: identity({ review: null, marks: { spec: 'review:1' } }) }, message: /^spec\.review is missing/ },
      { name: 'an interval beyond the policy maximum', files: { [file]: identity({ review: '{ every: 365d, last: 2026-11-01 }', marks: { review: 'review:20' } }) }, message: /^review every 365d exceeds the policy maximum of 180d$/ },
      { name: 'a last review in the future', files: { [file]: identity({ review: '{ every: 90d, last: 2026-12-01 }', marks: { review: 'review:31' } }) }, message: /^review\.last 2026-12-01 is in the future$/ },
      {
        name: 'overdue by one day more than the grace period',
        files: { [file]: identity({ review: '{ every: 90d, last: 2026-08-12 }', marks: { review: 'review:31' } }) },
        message: /^review overdue: due 2026-11-10, 15 days ago \(grace 14d\)$/,
      },
      {
        name: 'an interval beyond the maximum is judged by the maximum',
        files: { [file]: identity({ review: '{ every: 365d, last: 2026-05-01 }', marks: { review: 'review:20, review:32' } }) },
      },
    ],
    passes: [
      { name: 'reviewed recently', files: { [file]: identity() } },
      { name: 'overdue within the grace period', files: { [file]: identity({ review: '{ every: 90d, last: 2026-08-13 }' }) } },
      { name: 'block style', files: { [file]: identity({ review: '\n    every: 30d\n    last: 2026-11-20' }) } },
    ],
  },
  {
    rule: 'secret-rotation',
    fires: [
      {
        name: 'a secret without rotateEvery',
        files: { [file]: identity({ specExtra: 'secrets:\n  - name: orders/api-key   # expect: secret-rotation:7' }) },
        message: /^secret "orders\/api-key" has no rotateEvery$/,
      },
      {
        name: 'rotation slower than the policy maximum',
        files: { [file]: identity({ specExtra: 'secrets:\n  - name: orders/api-key\n    rotateEvery: 180d   # expect: secret-rotation:20' }) },
        message: /rotates every 180d, beyond the policy maximum of 90d/,
      },
      {
        name: 'an account without a rotation function',
        files: {
          'catalog/accounts.yaml': prodWithoutRotationLambda,
          [file]: identity({ specExtra: 'secrets:\n  - name: orders/api-key   # expect: secret-rotation:13\n    rotateEvery: 30d\n  - name: orders/webhook   # expect: secret-rotation:13\n    rotateEvery: 30d' }),
        },
        message: /cannot rotate: account "acme-prod" names no secretRotationLambda/,
      },
    ],
    passes: [
      { name: 'rotated within policy', files: { [file]: identity({ specExtra: 'secrets:\n  - name: orders/api-key\n    rotateEvery: 30d' }) } },
      { name: 'no secrets', files: { [file]: identity() } },
    ],
  },
];
