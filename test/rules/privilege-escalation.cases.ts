import { identity, identityFile, rolesWith, statementGrant, type RuleTable } from './harness.js';

const shared = 'eks: { cluster: prod-main, namespace: orders, serviceAccount: orders }';
const roleOf = (name: string) => `arn:aws:iam::111122223333:role/gatehouse/${name}`;
/** An identity another can assume: its crossAccount trust names the acme-prod account itself. */
const assumable = (name: string, grants: string) =>
  identity({ name, workload: 'crossAccount: { accountId: "111122223333", externalId: internal-7f3a9c21 }', grants });
/** An identity Lambda runs as: whoever can pass its role to Lambda and create a function runs as it. */
const lambdaRole = (name: string, grants: string) => identity({ name, workload: 'awsService: lambda.amazonaws.com', grants });
const passToLambda = (target: string, mark?: string) =>
  statementGrant(`actions: [iam:PassRole, lambda:CreateFunction, lambda:InvokeFunction]\nresources: ["${roleOf(target)}", "arn:aws:lambda:us-east-1:111122223333:function:*"]\nconditions: { StringEquals: { "iam:PassedToService": lambda.amazonaws.com } }`, mark ? { mark } : {});
const admin = statementGrant('actions: [iam:AttachUserPolicy]\nresources: ["arn:aws:iam::111122223333:user/*"]', { mark: 'escalation-path:7' });

const file = identityFile();
const grants = (...items: string[]) => ({ [file]: identity({ grants: items.join('\n') }) });
const escalates = 'escalation-path:7';

export const privilegeEscalationTables: RuleTable[] = [
  {
    rule: 'escalation-path',
    fires: [
      {
        name: 'one action is a whole path (iam:PutRolePolicy)',
        files: grants(statementGrant('actions: [iam:PutRolePolicy]\nresources: ["arn:aws:iam::111122223333:role/orders-*"]', { mark: escalates })),
        message: /^can escalate privileges \(put-role-policy, iam-005 \(pathfinding\.cloud\)\): iam:PutRolePolicy lets it write an inline admin policy on a role$/,
      },
      {
        name: 'PassRole and ec2:RunInstances split across two grants',
        files: grants(
          statementGrant('actions: [iam:PassRole]\nresources: ["arn:aws:iam::111122223333:role/orders-worker"]\nconditions: { StringEquals: { "iam:PassedToService": ec2.amazonaws.com } }'),
          statementGrant('actions: [ec2:RunInstances]\nresources: ["arn:aws:ec2:us-east-1:111122223333:*"]', { mark: escalates }),
        ),
        message: /^can escalate privileges \(passrole-ec2, ec2-001 \(pathfinding\.cloud\)\): iam:PassRole \(to ec2\.amazonaws\.com\) \+ ec2:RunInstances .* \(combined across grants #1, #2\)$/,
      },
      {
        name: 'a wildcard expands into three paths',
        files: grants(statementGrant('actions: ["iam:Put*Policy"]\nresources: ["*"]', { mark: 'escalation-path:7, escalation-path:7, escalation-path:7' })),
      },
      {
        name: 'Allow NotAction [s3:*] grants iam:* and everything else: one summary finding',
        files: grants(statementGrant('notActions: ["s3:*"]\nresources: ["*"]', { mark: escalates })),
        message: /^can escalate privileges through 100 known paths: create-policy-version, .*, cognito-open-identity-pool$/,
      },
      {
        name: 'PassRole to several services (StringEquals list) that include the path\'s',
        files: grants(
          statementGrant('actions: [iam:PassRole]\nresources: ["arn:aws:iam::111122223333:role/orders-*"]\nconditions: { StringEquals: { "iam:PassedToService": [ecs-tasks.amazonaws.com, lambda.amazonaws.com] } }'),
          statementGrant('actions: [lambda:CreateFunction, lambda:InvokeFunction]\nresources: ["arn:aws:lambda:us-east-1:111122223333:function:orders-*"]', { mark: escalates }),
        ),
        message: /^can escalate privileges \(passrole-lambda-invoke, lambda-001/,
      },
      {
        name: 'PassRole StringLike with a wildcard that admits the service',
        files: grants(
          statementGrant('actions: [iam:PassRole]\nresources: ["arn:aws:iam::111122223333:role/orders-*"]\nconditions: { StringLike: { "iam:PassedToService": "ec2.*" } }'),
          statementGrant('actions: [ec2:RunInstances]\nresources: ["*"]', { mark: escalates }),
        ),
        message: /passrole-ec2/,
      },
      {
        name: 'PassRole StringNotEquals another service still admits this one',
        files: grants(
          statementGrant('actions: [iam:PassRole]\nresources: ["arn:aws:iam::111122223333:role/orders-*"]\nconditions: { StringNotEquals: { "iam:PassedToService": lambda.amazonaws.com } }'),
          statementGrant('actions: [ec2:RunInstances]\nresources: ["*"]', { mark: escalates }),
        ),
        message: /passrole-ec2/,
      },
      {
        name: 'a condition that already holds (DateGreaterThan in the past, iam-vulnerable fn3) still grants',
        files: grants(statementGrant('actions: [iam:CreatePolicyVersion]\nresources: ["*"]\nconditions: { DateGreaterThan: { "aws:TokenIssueTime": "2020-01-01T00:00:01Z" } }', { mark: escalates })),
        message: /create-policy-version/,
      },
      {
        name: 'a resource constraint that still matches customer policies (iam-vulnerable fn2)',
        files: grants(statementGrant('actions: [iam:CreatePolicyVersion]\nresources: ["arn:aws:iam::*:policy/fn2-*"]', { mark: escalates })),
        message: /create-policy-version/,
      },
      {
        name: 'sts:AssumeRole on "*" reaches roles Gatehouse does not govern',
        files: grants(statementGrant('actions: [sts:AssumeRole]\nresources: ["*"]', { mark: escalates })),
        message: /^can escalate privileges \(assume-ungoverned-role, sts-001 \(pathfinding\.cloud\)\)/,
      },
      {
        name: 'sts:AssumeRole on a role in an account outside the catalog',
        files: grants(statementGrant('actions: [sts:AssumeRole]\nresources: ["arn:aws:iam::999988887777:role/admin"]', { mark: escalates })),
        message: /assume-ungoverned-role/,
      },
      {
        name: 'CreatePolicyVersion on a customer-managed policy',
        files: grants(statementGrant('actions: [iam:CreatePolicyVersion]\nresources: ["arn:aws:iam::111122223333:policy/orders-app"]', { mark: escalates })),
        message: /create-policy-version/,
      },
      {
        name: 'CreateAccessKey on another user',
        files: grants(statementGrant('actions: [iam:CreateAccessKey]\nresources: ["arn:aws:iam::111122223333:user/*"]', { mark: escalates })),
        message: /create-access-key/,
      },
      {
        name: 'through a catalog role, pointing at the grant',
        files: {
          'catalog/roles.yaml': rolesWith(`
            function-deployer:
              description: Deploy new code to the orders functions.
              owner: "@acme/platform"
              workloads: [githubActions]
              statements:
                - actions: [lambda:UpdateFunctionCode]
                  resources: ["arn:aws:lambda:{region}:{account}:function:orders-*"]
          `),
          [file]: identity({ workload: 'githubActions: { repo: acme/orders, environment: production }', grants: '- role: function-deployer   # expect: escalation-path:13' }),
        },
        message: /lambda-update-code/,
      },
    ],
    passes: [
      {
        name: 'CreatePolicyVersion on an AWS-managed policy cannot be abused',
        files: grants(statementGrant('actions: [iam:CreatePolicyVersion, iam:SetDefaultPolicyVersion]\nresources: ["arn:aws:iam::aws:policy/ReadOnlyAccess"]')),
      },
      { name: 'iam:PassRole alone', files: grants(statementGrant('actions: [iam:PassRole]\nresources: ["arn:aws:iam::111122223333:role/orders-worker"]\nconditions: { StringEquals: { "iam:PassedToService": ec2.amazonaws.com } }')) },
      { name: 'ec2:RunInstances alone', files: grants(statementGrant('actions: [ec2:RunInstances]\nresources: ["arn:aws:ec2:us-east-1:111122223333:*"]')) },
      {
        name: 'a Deny of iam:PassRole everywhere breaks the path',
        files: grants(
          statementGrant('actions: [iam:PassRole, ec2:RunInstances]\nresources: ["arn:aws:iam::111122223333:role/orders-worker", "arn:aws:ec2:us-east-1:111122223333:*"]'),
          statementGrant('effect: Deny\nactions: [iam:PassRole]\nresources: ["*"]'),
        ),
      },
      {
        name: 'self-service key rotation on the caller\'s own user (${aws:username})',
        files: grants(statementGrant('actions: [iam:CreateAccessKey, iam:DeleteAccessKey]\nresources: ["arn:aws:iam::111122223333:user/${aws:username}"]')),
      },
      {
        name: 'PassRole limited to another service (StringEquals) does not complete the EC2 path',
        files: grants(
          statementGrant('actions: [iam:PassRole]\nresources: ["arn:aws:iam::111122223333:role/orders-*"]\nconditions: { StringEquals: { "iam:PassedToService": [lambda.amazonaws.com, ecs-tasks.amazonaws.com] } }'),
          statementGrant('actions: [ec2:RunInstances]\nresources: ["*"]'),
        ),
      },
      {
        name: 'PassRole StringLike that does not match the service',
        files: grants(
          statementGrant('actions: [iam:PassRole]\nresources: ["arn:aws:iam::111122223333:role/orders-*"]\nconditions: { StringLike: { "iam:PassedToService": "lambda.*" } }'),
          statementGrant('actions: [ec2:RunInstances]\nresources: ["*"]'),
        ),
      },
      {
        name: 'a Deny of PassRole to EC2 breaks the EC2 path of an unconditioned PassRole',
        files: grants(
          statementGrant('actions: [iam:PassRole, ec2:RunInstances]\nresources: ["*"]'),
          statementGrant('effect: Deny\nactions: [iam:PassRole]\nresources: ["*"]\nconditions: { StringEquals: { "iam:PassedToService": ec2.amazonaws.com } }'),
        ),
        absent: ['escalation-path'],
      },
      {
        name: 'a condition that can never hold again (DateLessThan in the past, iam-vulnerable fp5) does not grant',
        files: grants(statementGrant('actions: [iam:CreatePolicyVersion]\nresources: ["*"]\nconditions: { DateLessThan: { "aws:TokenIssueTime": "2020-01-01T00:00:01Z" } }')),
      },
      {
        name: 'a Deny of iam:* in another grant (iam-vulnerable fp1/fp2)',
        files: grants(statementGrant('actions: ["iam:*"]\nresources: ["*"]'), statementGrant('effect: Deny\nactions: ["iam:*"]\nresources: ["*"]')),
      },
      {
        name: 'sts:AssumeRole on a role of a catalog account',
        files: grants(statementGrant('actions: [sts:AssumeRole]\nresources: ["arn:aws:iam::111122223333:role/orders-reader"]')),
      },
      { name: 'the example catalog roles', files: grants('- role: dynamodb-table-writer\n  params: { table: orders }', '- role: kms-key-user\n  params: { keyId: 1f2e3d4c-5b6a-4789-8a9b-0c1d2e3f4a5b }') },
    ],
  },
  {
    rule: 'passrole-unscoped',
    fires: [
      {
        name: 'on every role',
        files: grants(statementGrant('actions: [iam:PassRole]\nresources: ["*"]   # expect: passrole-unscoped:20\nconditions: { StringEquals: { "iam:PassedToService": ecs-tasks.amazonaws.com } }')),
        message: /^iam:PassRole on every role$/,
      },
      {
        name: 'without iam:PassedToService',
        files: grants(statementGrant('actions: [iam:PassRole]\nresources: ["arn:aws:iam::111122223333:role/orders-task"]   # expect: passrole-unscoped:20')),
        message: /^iam:PassRole without an iam:PassedToService condition$/,
      },
      {
        name: 'role/* and no condition, through iam:*',
        files: grants(statementGrant('actions: ["iam:*"]\nresources: ["arn:aws:iam::111122223333:role/*"]   # expect: passrole-unscoped')),
        message: /^iam:PassRole on every role and without an iam:PassedToService condition$/,
      },
      {
        name: 'through a catalog role: the message names the role, pointing at the grant',
        files: {
          'catalog/roles.yaml': rolesWith(`
            task-launcher:
              description: Launch the orders tasks.
              owner: "@acme/platform"
              workloads: [eks]
              statements:
                - actions: [iam:PassRole]
                  resources: ["*"]
                  conditions: { StringEquals: { "iam:PassedToService": ecs-tasks.amazonaws.com } }
          `),
          [file]: identity({ grants: '- role: task-launcher   # expect: passrole-unscoped:13' }),
        },
        message: /^catalog role "task-launcher": iam:PassRole on every role$/,
      },
    ],
    passes: [
      {
        name: 'one role, to one service',
        files: grants(statementGrant('actions: [iam:PassRole]\nresources: ["arn:aws:iam::111122223333:role/orders-task"]\nconditions: { StringEquals: { "iam:PassedToService": ecs-tasks.amazonaws.com } }')),
      },
      { name: 'a Deny of PassRole', files: grants(statementGrant('effect: Deny\nactions: [iam:PassRole]\nresources: ["*"]')) },
      {
        name: 'an Allow on every role that a Deny everywhere takes back',
        files: grants(statementGrant('actions: [iam:PassRole]\nresources: ["*"]'), statementGrant('effect: Deny\nactions: ["iam:Pass*"]\nresources: ["*"]')),
      },
      {
        name: 'no PassedToService on the Allow, but a Deny of every service but one',
        files: grants(
          statementGrant('actions: [iam:PassRole]\nresources: ["arn:aws:iam::111122223333:role/orders-task"]'),
          statementGrant('effect: Deny\nactions: [iam:PassRole]\nresources: ["*"]\nconditions: { StringNotEquals: { "iam:PassedToService": ecs-tasks.amazonaws.com } }'),
        ),
      },
    ],
  },
  {
    rule: 'escalation-across-identities',
    fires: [
      {
        name: 'a path split between two identities of one workload, reported on both',
        files: {
          [identityFile('orders-a')]: identity({ name: 'orders-a', workload: shared, marks: { workload: 'escalation-across-identities:3' }, grants: statementGrant('actions: [iam:PassRole]\nresources: ["arn:aws:iam::111122223333:role/orders-worker"]\nconditions: { StringEquals: { "iam:PassedToService": ec2.amazonaws.com } }') }),
          [identityFile('orders-b')]: identity({ name: 'orders-b', workload: shared, marks: { workload: 'escalation-across-identities:3, workload-reuse' }, grants: statementGrant('actions: [ec2:RunInstances]\nresources: ["*"]') }),
        },
        message: /^with "orders-a", "orders-b", bound to the same workload, can escalate privileges \(passrole-ec2, ec2-001 \(pathfinding\.cloud\)\)/,
        absent: ['escalation-path'],
      },
      {
        name: 'sts:AssumeRole on an identity that trusts its account inherits that identity\'s path',
        files: {
          [file]: identity({ grants: statementGrant(`actions: [sts:AssumeRole]\nresources: ["${roleOf('vendor-admin')}"]`, { mark: 'escalation-across-identities:7' }) }),
          [identityFile('vendor-admin')]: assumable('vendor-admin', admin),
        },
        message: /^can escalate privileges through other identities: "test-app" → \(sts:AssumeRole\) "vendor-admin", which holds attach-user-policy, iam-008 \(pathfinding\.cloud\)$/,
      },
      {
        name: 'passing another identity\'s role to Lambda, and running a function as it',
        files: {
          [file]: identity({ grants: passToLambda('fn-admin', 'escalation-across-identities:7, escalation-path:7') }),
          [identityFile('fn-admin')]: lambdaRole('fn-admin', admin),
        },
        message: /^can escalate privileges through other identities: "test-app" → \(iam:PassRole to lambda\.amazonaws\.com \(passrole-lambda-invoke\)\) "fn-admin", which holds attach-user-policy/,
      },
      {
        name: 'two hops: assume one identity, which passes a third one\'s role to Lambda',
        files: {
          // One finding per identity it reaches that holds a path: "hop" itself (it can run Lambda as others) and "fn-admin".
          [file]: identity({ grants: statementGrant(`actions: [sts:AssumeRole]\nresources: ["arn:aws:iam::111122223333:role/gatehouse/*"]`, { mark: 'escalation-across-identities:7, escalation-across-identities:7' }) }),
          [identityFile('hop')]: assumable('hop', passToLambda('fn-admin', 'escalation-across-identities:7, escalation-path:7')),
          [identityFile('fn-admin')]: lambdaRole('fn-admin', admin),
        },
        message: /^can escalate privileges through other identities: "(test-app" → \(sts:AssumeRole\) "hop"(, which holds passrole-lambda-invoke| → \(iam:PassRole to lambda\.amazonaws\.com \(passrole-lambda-invoke\)\) "fn-admin", which holds attach-user-policy)|hop" → .* "fn-admin", which holds attach-user-policy)/,
      },
      {
        name: 'two hops through an identity that holds no path itself but can hop on (it is not left out as a dead end)',
        files: {
          [file]: identity({ grants: statementGrant(`actions: [sts:AssumeRole]\nresources: ["${roleOf('relay')}"]`, { mark: 'escalation-across-identities:7' }) }),
          [identityFile('relay')]: assumable('relay', statementGrant(`actions: [sts:AssumeRole]\nresources: ["${roleOf('vendor-admin')}"]`, { mark: 'escalation-across-identities:7' })),
          [identityFile('vendor-admin')]: assumable('vendor-admin', admin),
        },
        message: /^can escalate privileges through other identities: "(test-app" → \(sts:AssumeRole\) "relay"|relay") → \(sts:AssumeRole\) "vendor-admin", which holds attach-user-policy/,
      },
    ],
    passes: [
      {
        name: 'sts:AssumeRole on an identity whose trust is its EKS service account, not this account',
        files: {
          [file]: identity({ grants: statementGrant(`actions: [sts:AssumeRole]\nresources: ["${roleOf('eks-admin')}"]`) }),
          [identityFile('eks-admin')]: identity({ name: 'eks-admin', workload: 'eks: { cluster: prod-main, namespace: admin, serviceAccount: admin }', grants: admin }),
        },
      },
      {
        name: 'PassRole of the Lambda identity limited to ECS tasks',
        files: {
          [file]: identity({
            grants: statementGrant(`actions: [iam:PassRole, lambda:CreateFunction, lambda:InvokeFunction]\nresources: ["${roleOf('fn-admin')}", "arn:aws:lambda:us-east-1:111122223333:function:*"]\nconditions: { StringEquals: { "iam:PassedToService": ecs-tasks.amazonaws.com } }`),
          }),
          [identityFile('fn-admin')]: lambdaRole('fn-admin', admin),
        },
      },
      {
        name: 'sts:AssumeRole on "*" from an identity in an account the catalog lacks: no role trusts an account it is not in',
        files: {
          [file]: identity({ account: 'acme-gone', grants: statementGrant('actions: [sts:AssumeRole]\nresources: ["*"]', { mark: 'escalation-path:7' }) }),
          [identityFile('fn-admin')]: lambdaRole('fn-admin', admin),
          [identityFile('vendor-admin')]: assumable('vendor-admin', admin),
        },
      },
      {
        name: 'the identity it can become holds no path',
        files: {
          [file]: identity({ grants: statementGrant(`actions: [sts:AssumeRole]\nresources: ["${roleOf('reader')}"]`) }),
          [identityFile('reader')]: assumable('reader', '- role: sqs-sender\n  params: { queue: orders }'),
        },
      },
      {
        name: 'two identities of one workload whose union completes nothing',
        files: {
          [identityFile('orders-a')]: identity({ name: 'orders-a', workload: shared }),
          [identityFile('orders-b')]: identity({ name: 'orders-b', workload: shared, grants: statementGrant('actions: [ec2:RunInstances]\nresources: ["*"]') }),
        },
      },
    ],
  },
];
