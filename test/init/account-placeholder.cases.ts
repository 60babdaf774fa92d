import { EXAMPLE_ACCOUNTS, type RuleTable } from '../rules/harness.js';

/** One account entry, as `gatehouse init` writes it, with the lines a case marks. */
function accounts(id: string, deployAccount: string, marks: { id?: string; deployRole?: string; bucket?: string } = {}): string {
  const mark = (name: keyof typeof marks) => (marks[name] ? `   # expect: ${marks[name]}` : '');
  return [
    'apiVersion: gatehouse/v1',
    'kind: AccountCatalog',
    'accounts:',
    '  acme-prod:',
    `    id: "${id}"${mark('id')}`,
    '    environment: prod',
    '    region: us-east-1',
    `    deployRole: arn:aws:iam::${deployAccount}:role/gatehouse-deploy${mark('deployRole')}`,
    `    stateBackend: { bucket: gatehouse-tfstate-${id}, region: us-east-1 }${mark('bucket')}`,
    '',
  ].join('\n');
}

export const accountPlaceholderTables: RuleTable[] = [
  {
    rule: 'account-placeholder',
    fires: [
      {
        name: 'the scaffold as written: the id, and every value derived from it',
        files: { 'catalog/accounts.yaml': accounts('000000000000', '000000000000', { id: 'account-placeholder:9', deployRole: 'account-placeholder', bucket: 'account-placeholder' }) },
        message: /placeholder (id|account) 000000000000/,
      },
      {
        // (A deploy role left in the placeholder account is a schema error: roles must be the account's own.)
        name: 'the id replaced but the state bucket forgotten',
        files: { 'catalog/accounts.yaml': accounts('111122223333', '111122223333', { bucket: 'account-placeholder' }).replace('gatehouse-tfstate-111122223333', 'gatehouse-tfstate-000000000000') },
        message: /^account "acme-prod" still names the placeholder account 000000000000 in stateBackend/,
      },
    ],
    passes: [
      { name: 'the example organisation', files: { 'catalog/accounts.yaml': EXAMPLE_ACCOUNTS } },
      { name: 'real ids everywhere', files: { 'catalog/accounts.yaml': accounts('111122223333', '111122223333') } },
      // Only the whole id is the placeholder: an id with many zeros is a real account.
      { name: 'a real id with zeros in it', files: { 'catalog/accounts.yaml': accounts('100000000001', '100000000001') } },
    ],
  },
];
