/**
 * synth-constraints: what IAM, Secrets Manager or the Terraform renderer would refuse, found in
 * the pull request instead of the apply. One fire case per message the files can reach, each at
 * the line the finding points at, and must-not-fire cases at every limit (exactly at it passes).
 */
import { secretAddress } from '../../src/core/desired/terraform-addresses.js';
import { EXAMPLE_ACCOUNTS, identity, identityFile, statementGrant, type RuleTable } from './harness.js';

const RULE = 'synth-constraints';
const file = identityFile();

/** The example accounts.yaml with one exact line replaced (it fails loudly if the example changed). */
function accountsWith(line: string, replacement: string): string {
  if (!EXAMPLE_ACCOUNTS.includes(`${line}\n`)) throw new Error(`the example accounts.yaml no longer has "${line.trim()}": update this fixture`);
  return EXAMPLE_ACCOUNTS.replace(`${line}\n`, `${replacement}\n`);
}

const PROD_CONNECTORS = '    connectors: [iam, secretsmanager]';
const DEV_ROLES_ANYWHERE = '    rolesAnywhere: { trustAnchorArn: arn:aws:rolesanywhere:eu-west-1:333344445555:trust-anchor/4f1c2b7e-9a3d-4e5f-8b6a-0c1d2e3f4a5b }';
const PROD_STACKSETS_REASON = "        reason: Execution roles of the organisation's service-managed CloudFormation StackSets (guardrails, log shipping)";

/** An identity of acme-dev (90-day cap) whose workload is an external system with a certificate. */
const devCertificateIdentity = (mark?: string) =>
  identity({
    name: 'vendor-sync',
    account: 'acme-dev',
    expires: '2027-01-31',
    grants: statementGrant('actions: [sqs:SendMessage]\nresources: ["arn:aws:sqs:eu-west-1:333344445555:vendor-sync"]'),
    workload: `external: { system: vendor-sync, certificate: { subjectCN: sync.vendor.example } }${mark ? `   # expect: ${mark}` : ''}`,
  });

/** A description of exactly `length` characters (sentences, as a reviewer would read them). */
const text = (length: number) => 'Sends order events to the orders queue. '.repeat(Math.ceil(length / 40)).slice(0, length).trimEnd().padEnd(length, 'x');

/**
 * The GitHub trust policy of `acme/orders` with an environment of length n is 377 + n characters
 * (measured from the rendered policy); IAM's default trust policy quota is 2,048.
 */
const TRUST_POLICY_FIXED_PART = 377;
const environmentOfTrustSize = (size: number) => 'e'.repeat(size - TRUST_POLICY_FIXED_PART);

/** One ad-hoc statement on `count` S3 objects whose ARNs are about 100 characters each. */
function manyObjects(count: number): string {
  const resources = Array.from({ length: count }, (_, i) => `      - arn:aws:s3:::acme-orders-archive/exports/${String(i).padStart(5, '0')}/${'order-export-batch-'.repeat(3)}part.json`);
  return `- statement:\n    actions: [s3:GetObject]\n    resources:\n${resources.join('\n')}\n  reason: Read the archived order exports for the monthly reconciliation`;
}

/**
 * Messages no file can produce, left in the product as a second line of defence (remove nothing):
 * the schema, or the desired state's own construction, keeps the input within IAM's limits first.
 * The message registry test asserts that no case produces them, so one that becomes reachable
 * needs a fire case here.
 */
export const SYNTH_CONSTRAINTS_UNREACHABLE: Readonly<Record<string, string>> = {
  // IdentityName allows 1 to 48 of [a-z0-9-]: the role or user name stays within IAM's 64 and its
  // characters, and the longest managed policy name, gatehouse-<48>-10, has 61 of IAM's 128.
  'name-length': 'the schema limits an identity name to 48 characters; IAM allows 64 (role, user) and 128 (policy name, at most 61 here)',
  'name-characters': 'the schema allows only lower-case letters, digits and "-" in an identity name, all of which IAM allows',
  // iamPathProblem is called by no builder: every role, user and policy has the constant path /gatehouse/.
  'path-length': 'the IAM path is the constant /gatehouse/, not read from any file',
  'path-format': 'the IAM path is the constant /gatehouse/, not read from any file',
  // tagKeyProblem is called by no builder: tag keys are the constants of TAG (tags.ts); files set only values.
  'tag-key-length': 'tag keys are constants (gatehouse:identity, …); files set only tag values, which are sanitized',
  'tag-key-reserved': 'tag keys are constants (gatehouse:identity, …); files set only tag values, which are sanitized',
  'tag-key-characters': 'tag keys are constants (gatehouse:identity, …); files set only tag values, which are sanitized',
  // trustPolicy is built only for roles, and an external workload without a certificate is always a user.
  'external-has-no-trust': 'an external workload without a certificate is an IAM user, for which no trust policy is built',
  // The schema's secret name pattern is /^[A-Za-z0-9/_+=.@-]{1,256}$/: Secrets Manager allows 512 of the same characters.
  'secret-name-length': 'the schema limits a secret name to 256 characters; Secrets Manager allows 512',
  'secret-name-characters': 'the schema allows exactly the characters Secrets Manager allows in a secret name',
};

export const synthConstraintsTables: RuleTable[] = [
  {
    rule: RULE,
    fires: [
      // Moved from schema.cases.ts: one table per rule.
      {
        name: 'a GitHub trust with both environment and ref, which IAM could not enforce',
        files: {
          [file]: identity({ workload: 'githubActions: { repo: acme/orders, environment: production, ref: refs/heads/main }   # expect: synth-constraints' }),
        },
        message: /set either environment or ref, not both/,
      },
      {
        name: 'an ad-hoc statement without resources',
        files: {
          [file]: identity({
            grants: `
              - statement:   # expect: synth-constraints
                  actions: [sqs:SendMessage]
                reason: Publish order events to the orders queue
            `,
          }),
        },
        message: /names no resources/,
      },
      {
        name: 'one secret claimed by two identities of the same account',
        files: {
          [file]: identity({ specExtra: 'secrets:   # expect: synth-constraints\n  - { name: orders/api-key, rotateEvery: 30d }' }),
          [identityFile('second-app')]: identity({
            name: 'second-app',
            workload: 'eks: { cluster: prod-main, namespace: orders, serviceAccount: second-app }',
            specExtra: 'secrets:\n  - { name: orders/api-key, rotateEvery: 30d }',
          }),
        },
        message: /secret "orders\/api-key" is declared/,
      },
      {
        name: 'a description IAM would refuse (outside Latin-1)',
        files: { [file]: identity({ description: 'Sends order events 📦 to the orders queue   # expect: synth-constraints' }) },
      },
      {
        name: 'an account without the iam connector: Gatehouse does not manage IAM there',
        files: {
          'catalog/accounts.yaml': accountsWith(PROD_CONNECTORS, '    connectors: [secretsmanager]'),
          [file]: identity({ marks: { account: RULE } }),
        },
        message: /^account "acme-prod" does not enable the iam connector in catalog\/accounts\.yaml/,
      },
      {
        name: 'secrets in an account without the secretsmanager connector',
        files: {
          'catalog/accounts.yaml': accountsWith(PROD_CONNECTORS, '    connectors: [iam]'),
          [file]: identity({ specExtra: `secrets:   # expect: ${RULE}\n  - { name: orders/api-key, rotateEvery: 30d }` }),
        },
        message: /^account "acme-prod" does not enable the secretsmanager connector/,
      },
      {
        name: 'a description of 1001 characters, one beyond IAM\'s limit',
        files: { [file]: identity({ description: `${text(1001)}   # expect: ${RULE}` }) },
        message: /^the description has 1001 characters; IAM allows 1000$/,
      },
      {
        name: 'a trust policy of 2049 characters (a very long GitHub environment), one beyond the quota',
        files: { [file]: identity({ workload: `githubActions: { repo: acme/orders, environment: ${environmentOfTrustSize(2049)} }`, marks: { workload: RULE } }) },
        message: /^the trust policy is 2049 characters; IAM allows 2048$/,
      },
      {
        name: 'abuse: Roles Anywhere as a plain service principal, which any certificate of any trust anchor could assume',
        files: { [file]: identity({ workload: `awsService: rolesanywhere.amazonaws.com   # expect: ${RULE}` }) },
        message: /^rolesanywhere\.amazonaws\.com is not an AWS service workload/,
      },
      {
        name: 'a certificate workload in an account whose trust anchor the bootstrap has not recorded yet',
        files: {
          'catalog/accounts.yaml': accountsWith(DEV_ROLES_ANYWHERE, '    rolesAnywhere: { source: { acmPcaArn: arn:aws:acm-pca:eu-west-1:333344445555:certificate-authority/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0 } }'),
          [identityFile('vendor-sync')]: devCertificateIdentity(RULE),
        },
        message: /^account "acme-dev" has no Roles Anywhere trust anchor in catalog\/accounts\.yaml: apply the account bootstrap/,
      },
      {
        name: 'abuse: an access key asked for on a role, which would add a static credential to a federated identity',
        files: { [file]: identity({ specExtra: `credentials:\n  accessKey:   # expect: ${RULE}\n    rotateEvery: 30d` }) },
        message: /^synth issues access keys only to external workloads without a certificate/,
      },
      {
        name: 'a certificate workload in an account without Roles Anywhere',
        files: { [identityFile('vendor-sync')]: identity({ name: 'vendor-sync', grants: statementGrant('actions: [sqs:SendMessage]\nresources: ["arn:aws:sqs:us-east-1:111122223333:vendor-sync"]'), workload: `external: { system: vendor-sync, certificate: { subjectCN: sync.vendor.example } }   # expect: ${RULE}` }) },
        message: /^account "acme-prod" has no Roles Anywhere trust anchor in catalog\/accounts\.yaml: declare rolesAnywhere\.trustAnchorArn/,
      },
      {
        name: 'an ad-hoc statement without actions',
        files: { [file]: identity({ grants: statementGrant('resources: ["arn:aws:sqs:us-east-1:111122223333:orders"]', { mark: RULE }) }) },
        message: /^the statement names no actions/,
      },
      {
        // An Allow, so that arn-resource-mismatch judges the long ARN too (it used to overflow the stack).
        name: 'one resource too long for any managed policy: the statement cannot be split',
        files: {
          [file]: identity({
            grants: statementGrant(`actions: [s3:GetObject]\nresources: ["arn:aws:s3:::acme-orders-archive/${'a'.repeat(11_000)}"]`),
            marks: { grants: RULE },
          }),
        },
        message: /^statement AdHoc alone is \d+ characters and cannot be split .* a managed policy holds 6144$/,
      },
      {
        name: 'abuse: grants larger than ten managed policies hold',
        files: { [file]: identity({ grants: manyObjects(700), marks: { grants: RULE } }) },
        message: /^the grants need 1[1-9] managed policies of up to 6144 characters \(\d+ in all\), but a principal can have at most 10 attached/,
      },
      {
        name: 'a secret description of 2049 characters, one beyond Secrets Manager\'s limit',
        files: { [file]: identity({ specExtra: `secrets:\n  - name: orders/api-key\n    rotateEvery: 30d\n    description: ${text(2049)}   # expect: ${RULE}` }) },
        message: /^the secret description has 2049 characters; Secrets Manager allows 2048$/,
      },
      {
        name: 'a rotation every 3 hours, more often than Secrets Manager rotates',
        files: { [file]: identity({ specExtra: `secrets:\n  - name: orders/api-key\n    rotateEvery: 3h   # expect: ${RULE}` }) },
        message: /^secret "orders\/api-key" rotates every 3h; Secrets Manager rotates at most every 4 hours$/,
      },
      {
        name: 'a rotation every 1001 days, less often than Secrets Manager rotates',
        files: { [file]: identity({ specExtra: `secrets:\n  - name: orders/api-key\n    rotateEvery: 1001d   # expect: ${RULE}` }) },
        message: /^secret "orders\/api-key" rotates every 1001d; Secrets Manager rotates at least every 1000 days$/,
      },
      {
        name: 'one secret declared twice by the same identity',
        files: { [file]: identity({ specExtra: `secrets:   # expect: ${RULE}\n  - { name: orders/api-key, rotateEvery: 30d }\n  - { name: orders/api-key, rotateEvery: 7d }` }) },
        message: /^secret "orders\/api-key" is declared twice by this identity in account "acme-prod"$/,
      },
      {
        name: 'abuse: a secret named after the Terraform address of another team\'s secret, which would overwrite it',
        files: {
          [identityFile('billing-app', 'data')]: identity({
            name: 'billing-app',
            owner: '@acme/data',
            workload: 'eks: { cluster: prod-main, namespace: billing, serviceAccount: billing-app }',
            specExtra: 'secrets:\n  - { name: orders/api-key, rotateEvery: 30d }',
          }),
          // Identities are compared in name order: the later one is reported.
          [file]: identity({ specExtra: `secrets:   # expect: ${RULE}\n  - { name: ${secretAddress('orders/api-key')}, rotateEvery: 30d }` }),
        },
        message: /^secret "orders_api-key_[0-9a-f]{8}" would share the Terraform address orders_api-key_[0-9a-f]{8} with secret "orders\/api-key" of billing-app \(identities\/data\/billing-app\.yaml\)/,
      },
      {
        name: 'a secret name starting with a digit and the same name with "_" before it share an address',
        files: { [file]: identity({ specExtra: `secrets:   # expect: ${RULE}\n  - { name: 1password-import, rotateEvery: 30d }\n  - { name: _1password-import, rotateEvery: 30d }` }) },
        message: /^secret "_1password-import" would share the Terraform address _1password-import with secret "1password-import" of test-app/,
      },
      {
        name: 'abuse: an identity description holding a cdktf token, which the renderer would turn into a reference',
        files: { [file]: identity({ description: `"Sends \${TfToken[TOKEN.42]} to the orders queue"   # expect: ${RULE}` }) },
        message: /^the text "Sends \$\{TfToken\[TOKEN\.42\]\} to the orders queue" contains "\{TfToken\[", which the Terraform renderer reserves/,
      },
      {
        name: 'a cdktf token in catalog/accounts.yaml is reported where it is written',
        files: {
          'catalog/accounts.yaml': accountsWith(PROD_STACKSETS_REASON, `        reason: "StackSets #{TfToken[TOKEN.7]} execution roles"   # expect: ${RULE}`),
          [file]: identity(),
        },
        message: /^the text "StackSets #\{TfToken\[TOKEN\.7\]\} execution roles" contains "\{TfToken\["/,
      },
    ],
    passes: [
      { name: 'the example identity', files: { [file]: identity() } },
      { name: 'an unknown account is left to unknown-account', files: { [file]: identity({ account: 'acme-prd' }) }, absent: ['synth-constraints'] },
      { name: 'an unknown catalog role is left to grant-reference', files: { [file]: identity({ grants: '- role: sqs-sendr\n  params: { queue: orders }' }) } },
      { name: 'an unknown EKS cluster is left to eks-trust-pinned', files: { [file]: identity({ workload: 'eks: { cluster: prod-mian, namespace: orders, serviceAccount: test-app }' }) } },
      {
        name: 'an expired identity is omitted by synth, not refused',
        files: { [file]: identity({ expires: '2026-01-31', workload: 'githubActions: { repo: acme/orders, environment: production, ref: refs/heads/main }' }) },
      },
      { name: 'the example identity, with a secret in an account with both connectors', files: { [file]: identity({ specExtra: 'secrets:\n  - { name: orders/api-key, rotateEvery: 30d }' }) } },
      {
        name: 'an account without the secretsmanager connector, for an identity without secrets',
        files: { 'catalog/accounts.yaml': accountsWith(PROD_CONNECTORS, '    connectors: [iam]'), [file]: identity() },
      },
      {
        name: 'a name of 48 characters, the longest the schema allows (its policy name, gatehouse-<name>-10, has 61 of 128)',
        files: { [identityFile('a'.repeat(48))]: identity({ name: 'a'.repeat(48), workload: `eks: { cluster: prod-main, namespace: orders, serviceAccount: ${'a'.repeat(48)} }` }) },
      },
      { name: 'a description of exactly 1000 characters', files: { [file]: identity({ description: text(1000) }) } },
      {
        name: 'a trust policy of exactly 2048 characters',
        files: { [file]: identity({ workload: `githubActions: { repo: acme/orders, environment: ${environmentOfTrustSize(2048)} }` }) },
      },
      { name: 'an AWS service principal other than Roles Anywhere', files: { [file]: identity({ workload: 'awsService: lambda.amazonaws.com' }) } },
      { name: 'a certificate workload in an account with a recorded trust anchor', files: { [identityFile('vendor-sync')]: devCertificateIdentity() } },
      { name: 'grants that need several managed policies, but no more than ten', files: { [file]: identity({ grants: manyObjects(300) }) } },
      { name: 'a secret description of exactly 2048 characters', files: { [file]: identity({ specExtra: `secrets:\n  - name: orders/api-key\n    rotateEvery: 30d\n    description: ${text(2048)}` }) } },
      { name: 'a rotation of exactly 4 hours', files: { [file]: identity({ specExtra: 'secrets:\n  - name: orders/api-key\n    rotateEvery: 4h' }) } },
      { name: 'a rotation of exactly 1000 days', files: { [file]: identity({ specExtra: 'secrets:\n  - name: orders/api-key\n    rotateEvery: 1000d' }) } },
      { name: 'two different secrets of one identity', files: { [file]: identity({ specExtra: 'secrets:\n  - { name: orders/api-key, rotateEvery: 30d }\n  - { name: orders/webhook-key, rotateEvery: 30d }' }) } },
      {
        name: 'secret names that differ only in a character an address cannot hold get different addresses (a/b, a_b)',
        files: { [file]: identity({ specExtra: 'secrets:\n  - { name: orders/api-key, rotateEvery: 30d }\n  - { name: orders_api-key, rotateEvery: 30d }' }) },
      },
      {
        name: 'the same secret name in two accounts',
        files: {
          [file]: identity({ specExtra: 'secrets:\n  - { name: orders/api-key, rotateEvery: 30d }' }),
          [identityFile('staging-app')]: identity({
            name: 'staging-app',
            account: 'acme-staging',
            expires: '2027-03-31',
            workload: 'eks: { cluster: staging-main, namespace: orders, serviceAccount: staging-app }',
            specExtra: 'secrets:\n  - { name: orders/api-key, rotateEvery: 30d }',
          }),
        },
      },
      { name: 'a "${" without the token marker is plain text', files: { [file]: identity({ description: '"Sends ${ORDER_ID} events to the orders queue"' }) } },
    ],
  },
];
