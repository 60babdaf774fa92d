import { identity, identityFile, rolesWith, statementGrant, type RuleTable } from './harness.js';

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
        message: /^can escalate privileges \(put-role-policy\): iam:PutRolePolicy lets it write an inline admin policy on a role$/,
      },
      {
        name: 'PassRole and ec2:RunInstances split across two grants',
        files: grants(
          statementGrant('actions: [iam:PassRole]\nresources: ["arn:aws:iam::111122223333:role/orders-worker"]\nconditions: { StringEquals: { "iam:PassedToService": ec2.amazonaws.com } }'),
          statementGrant('actions: [ec2:RunInstances]\nresources: ["arn:aws:ec2:us-east-1:111122223333:*"]', { mark: escalates }),
        ),
        message: /^can escalate privileges \(passrole-ec2\): iam:PassRole \+ ec2:RunInstances .* \(combined across grants #1, #2\)$/,
      },
      {
        name: 'a wildcard expands into three paths',
        files: grants(statementGrant('actions: ["iam:Put*Policy"]\nresources: ["*"]', { mark: 'escalation-path:7, escalation-path:7, escalation-path:7' })),
      },
      {
        name: 'Allow NotAction [s3:*] grants iam:* and everything else: one summary finding',
        files: grants(statementGrant('notActions: ["s3:*"]\nresources: ["*"]', { mark: escalates })),
        message: /^can escalate privileges through 36 known paths: create-policy-version, .*, ec2-instance-connect$/,
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
    ],
    passes: [
      {
        name: 'one role, to one service',
        files: grants(statementGrant('actions: [iam:PassRole]\nresources: ["arn:aws:iam::111122223333:role/orders-task"]\nconditions: { StringEquals: { "iam:PassedToService": ecs-tasks.amazonaws.com } }')),
      },
      { name: 'a Deny of PassRole', files: grants(statementGrant('effect: Deny\nactions: [iam:PassRole]\nresources: ["*"]')) },
    ],
  },
];
