import { identity, identityFile, rolesWith, type RuleTable, withStatement } from './harness.js';

const file = identityFile();

const breakGlassRole = rolesWith(`
  break-glass:
    description: Full access for incident response.
    owner: "@acme/security"
    workloads: [eks]
    statements:
      - actions: ["*"]
        resources: ["*"]
`);

export const leastPrivilegeTables: RuleTable[] = [
  {
    rule: 'admin-wildcard',
    fires: [
      {
        name: 'an ad-hoc Action "*"',
        files: withStatement('actions: ["*"]   # expect: admin-wildcard:19\nresources: ["*"]'),
        message: /^action "\*" grants every action in the account \(full administrator\)$/,
      },
      {
        name: 'a catalog role granting "*" points at the grant and names the role',
        files: { 'catalog/roles.yaml': breakGlassRole, [file]: identity({ grants: '- role: break-glass   # expect: admin-wildcard:13' }) },
        message: /^catalog role "break-glass": action "\*"/,
      },
    ],
    passes: [
      { name: 'a service wildcard is not full administrator', files: withStatement('actions: ["s3:*"]\nresources: ["arn:aws:s3:::acme-orders/*"]') },
      { name: 'Deny "*" grants nothing', files: withStatement('effect: Deny\nactions: ["*"]\nresources: ["*"]') },
    ],
  },
  {
    rule: 'service-wildcard',
    fires: [
      {
        name: '"s3:*"',
        files: withStatement('actions: ["s3:*"]   # expect: service-wildcard:19\nresources: ["arn:aws:s3:::acme-orders/*"]'),
        message: /^"s3:\*" grants all \d+ actions of the service \(\d+ List, \d+ Read, \d+ Write, \d+ Permissions management, \d+ Tagging\)$/,
      },
      {
        name: 'the second action of a list',
        files: withStatement('actions: [sqs:SendMessage, "iam:*"]   # expect: service-wildcard:36\nresources: ["*"]'),
        message: /"iam:\*" grants all/,
      },
    ],
    passes: [
      { name: 'a partial wildcard is action-wildcard\'s finding', files: withStatement('actions: ["s3:Get*"]\nresources: ["arn:aws:s3:::acme-orders/*"]') },
      { name: 'an unknown service is unknown-action\'s finding', files: withStatement('actions: ["nosuchservice:*"]   # expect: unknown-action\nresources: ["*"]') },
      { name: 'NotAction lists are not grants', files: withStatement('effect: Deny\nnotActions: ["s3:*"]\nresources: ["*"]') },
    ],
  },
  {
    rule: 'action-wildcard',
    fires: [
      {
        name: '"s3:Get*" with what it expands to',
        files: withStatement('actions: ["s3:Get*"]   # expect: action-wildcard:19\nresources: ["arn:aws:s3:::acme-orders/*"]'),
        message: /^"s3:Get\*" expands to \d+ actions \(\d+ Read\)$/,
      },
      { name: 'a "?" wildcard', files: withStatement('actions: [sqs:SendMessag?]   # expect: action-wildcard:19\nresources: ["arn:aws:sqs:us-east-1:111122223333:orders"]'), message: /expands to [12] actions/ },
    ],
    passes: [
      { name: 'exact actions', files: withStatement('actions: [s3:GetObject]\nresources: ["arn:aws:s3:::acme-orders/*"]') },
      { name: 'a pattern that matches nothing is unknown-action\'s finding', files: withStatement('actions: ["s3:Frobnicate*"]   # expect: unknown-action\nresources: ["*"]') },
      { name: 'the example catalog roles', files: { [file]: identity({ grants: '- role: s3-object-reader\n  params: { bucket: acme-orders, prefix: in/ }\n- role: ecr-pull\n  params: { repository: orders/api }' }) } },
    ],
  },
  {
    rule: 'resource-wildcard',
    fires: [
      {
        name: 'a scopable action on "*"',
        files: withStatement('actions: [s3:GetObject]\nresources: ["*"]   # expect: resource-wildcard:21'),
        message: /^Resource "\*" on 1 action\(s\) that support resource-level scoping: s3:GetObject$/,
      },
      {
        name: 'only the scopable actions of a mixed list are named',
        files: withStatement('actions: [sts:GetCallerIdentity, s3:PutObject]\nresources: ["*"]   # expect: resource-wildcard'),
        message: /on 1 action\(s\) .*: s3:PutObject$/,
      },
      {
        name: 'points at the "*" among other resources',
        files: withStatement('actions: [s3:PutObject]\nresources: ["arn:aws:s3:::acme-orders/*", "*"]   # expect: resource-wildcard:51'),
      },
      {
        name: 'no resources at all reads as "*"',
        files: { [file]: identity({ grants: '- statement:   # expect: resource-wildcard:7\n    actions: [sqs:SendMessage]\n  reason: Publish order events for billing' }) },
        message: /^no resources \(read as "\*"\) on 1 action/,
      },
    ],
    passes: [
      {
        name: 'wildcard-only actions (sts:GetCallerIdentity, ecr:GetAuthorizationToken) accept nothing but "*"',
        files: withStatement('actions: [sts:GetCallerIdentity, ecr:GetAuthorizationToken]\nresources: ["*"]'),
      },
      { name: 'the ecr-pull catalog role, whose second statement is wildcard-only', files: { [file]: identity({ grants: '- role: ecr-pull\n  params: { repository: orders/api }' }) } },
      { name: 'named resources', files: withStatement('actions: [s3:PutObject]\nresources: ["arn:aws:s3:::acme-orders/in/*"]') },
      { name: 'Deny on "*"', files: withStatement('effect: Deny\nactions: [s3:DeleteObject]\nresources: ["*"]') },
    ],
  },
  {
    rule: 'not-action-allow',
    fires: [
      {
        name: 'Allow with NotAction',
        files: withStatement('notActions: ["s3:*"]   # expect: not-action-allow:21\nresources: ["*"]'),
        message: /^Allow with notActions grants everything except what it lists$/,
      },
      {
        name: 'Allow with NotResource',
        files: withStatement('actions: [s3:GetObject]\nnotResources: ["arn:aws:s3:::acme-secrets/*"]   # expect: not-action-allow:23'),
        message: /Allow with notResources/,
      },
    ],
    passes: [
      { name: 'Deny with NotAction (the legitimate use)', files: withStatement('effect: Deny\nnotActions: ["s3:*"]\nresources: ["*"]') },
      { name: 'Action and Resource', files: withStatement('actions: [s3:GetObject]\nresources: ["arn:aws:s3:::acme-orders/*"]') },
    ],
  },
  {
    rule: 'permissions-management',
    fires: [
      {
        name: 'an inline-policy write',
        files: withStatement('actions: [iam:PutRolePolicy]   # expect: permissions-management:18\nresources: ["arn:aws:iam::111122223333:role/orders-*"]'),
        message: /^grants 1 permissions-management action\(s\): iam:PutRolePolicy$/,
      },
      { name: 'a bucket policy write', files: withStatement('actions: [s3:GetObject, s3:PutBucketPolicy]   # expect: permissions-management\nresources: ["arn:aws:s3:::acme-orders"]'), message: /s3:PutBucketPolicy/ },
      { name: 'through NotAction, pointing at it', files: withStatement('notActions: ["s3:*"]   # expect: permissions-management:21\nresources: ["*"]'), message: /and \d+ more/ },
    ],
    passes: [
      { name: 'reads and writes of data', files: withStatement('actions: [s3:GetObject, s3:PutObject]\nresources: ["arn:aws:s3:::acme-orders/*"]') },
      { name: 'Deny of IAM', files: withStatement('effect: Deny\nactions: ["iam:*"]\nresources: ["*"]') },
    ],
  },
  {
    rule: 'sensitive-read-wildcard',
    fires: [
      {
        name: 'every secret of the account',
        files: withStatement('actions: [secretsmanager:GetSecretValue]\nresources: ["arn:aws:secretsmanager:us-east-1:111122223333:secret:*"]   # expect: sensitive-read-wildcard:21'),
        message: /^secretsmanager:GetSecretValue on "arn:aws:secretsmanager:us-east-1:111122223333:secret:\*" reads every such resource in the account$/,
      },
      { name: 'kms:Decrypt on "*"', files: withStatement('actions: [kms:Decrypt]\nresources: ["*"]   # expect: sensitive-read-wildcard, resource-wildcard') },
      { name: 'objects of every bucket', files: withStatement('actions: [s3:GetObject]\nresources: ["arn:aws:s3:::*/*"]   # expect: sensitive-read-wildcard'), message: /s3:GetObject on "arn:aws:s3:::\*\/\*"/ },
      { name: 'every parameter, reached through a wildcard', files: withStatement('actions: ["ssm:GetParameter*"]\nresources: ["arn:aws:ssm:us-east-1:111122223333:parameter/*"]   # expect: sensitive-read-wildcard'), message: /ssm:GetParameter, ssm:GetParameterHistory, ssm:GetParameters, ssm:GetParametersByPath/ },
      { name: 'no resources at all', files: { [file]: identity({ grants: '- statement:   # expect: sensitive-read-wildcard:7, resource-wildcard:7\n    actions: [ssm:GetParameter]\n  reason: Read the configuration of the orders service' }) } },
    ],
    passes: [
      { name: 'every object of one named bucket', files: withStatement('actions: [s3:GetObject]\nresources: ["arn:aws:s3:::acme-lake/*"]') },
      { name: 'a bucket name with digits too', files: withStatement('actions: [s3:GetObject]\nresources: ["arn:aws:s3:::acme-lake1/*"]') },
      { name: 'the s3-object-reader role on a whole bucket (empty prefix)', files: { [file]: identity({ grants: '- role: s3-object-reader\n  params: { bucket: acme-orders }' }) } },
      { name: 'the secret-reader role: one secret', files: { [file]: identity({ grants: '- role: secret-reader\n  params: { secret: orders/api-key }' }) } },
      { name: 'a secrets prefix', files: withStatement('actions: [secretsmanager:GetSecretValue]\nresources: ["arn:aws:secretsmanager:us-east-1:111122223333:secret:orders/*"]') },
    ],
  },
];
