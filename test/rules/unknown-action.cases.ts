import { identity, identityFile, statementGrant, type RuleTable, withStatement } from './harness.js';

const file = identityFile();

export const unknownActionTables: RuleTable[] = [
  {
    rule: 'unknown-action',
    fires: [
      {
        name: 'a misspelt action, with the closest one suggested',
        files: withStatement('actions: [s3:GetObjekt]   # expect: unknown-action:19\nresources: ["arn:aws:s3:::acme-orders/*"]'),
        message: /^action "s3:GetObjekt" does not exist\. Did you mean "s3:GetObject"\?$/,
      },
      {
        name: 'a misspelt service',
        files: withStatement('actions: [sqs:SendMessage, sqss:SendMessage]   # expect: unknown-action:36\nresources: ["arn:aws:sqs:us-east-1:111122223333:orders"]'),
        message: /^service "sqss" does not exist\. Did you mean "sqs"\?$/,
      },
      { name: 'not service:Action at all', files: withStatement('actions: [GetObject]   # expect: unknown-action:19\nresources: ["*"]'), message: /^"GetObject" is not an action: write service:Action/ },
      { name: 'a wildcard that matches nothing', files: withStatement('actions: ["s3:Frobnicate*"]   # expect: unknown-action\nresources: ["*"]'), message: /^"s3:Frobnicate\*" matches no action of s3$/ },
      { name: 'in NotAction too', files: withStatement('effect: Deny\nnotActions: [s3:GetObjekt]   # expect: unknown-action:22\nresources: ["*"]') },
    ],
    passes: [
      { name: 'actions are case-insensitive', files: withStatement('actions: [S3:getobject, sqs:sendmessage]\nresources: ["arn:aws:s3:::acme-orders/*", "arn:aws:sqs:us-east-1:111122223333:orders"]') },
      { name: 'the example catalog roles', files: { [file]: identity({ grants: '- role: cloudwatch-logs-writer\n  params: { logGroup: /orders/api }\n- role: sns-publisher\n  params: { topic: orders }' }) } },
    ],
  },
  {
    rule: 'arn-resource-mismatch',
    fires: [
      {
        name: 's3:ListBucket on an object ARN (the bucket ARN was meant)',
        files: withStatement('actions: [s3:ListBucket]\nresources: ["arn:aws:s3:::acme-orders/*"]   # expect: arn-resource-mismatch:21'),
        message: /^"arn:aws:s3:::acme-orders\/\*" is not a resource type that s3:ListBucket act\(s\) on$/,
      },
      {
        name: 's3:GetObject on a bucket ARN (objects were meant)',
        files: withStatement('actions: [s3:GetObject]\nresources: ["arn:aws:s3:::acme-orders"]   # expect: arn-resource-mismatch'),
      },
      {
        name: 'a topic ARN for an SQS action',
        files: withStatement('actions: [sqs:SendMessage]\nresources: ["arn:aws:sqs:us-east-1:111122223333:orders", "arn:aws:sns:us-east-1:111122223333:orders"]   # expect: arn-resource-mismatch:66'),
      },
    ],
    passes: [
      { name: 'the example s3-object-reader role (object and bucket statements)', files: { [file]: identity({ grants: '- role: s3-object-reader\n  params: { bucket: acme-orders, prefix: in/ }' }) } },
      { name: 'DynamoDB table and index ARNs', files: { [file]: identity({ grants: '- role: dynamodb-table-reader\n  params: { table: orders }' }) } },
      { name: 'a wildcard bucket fits bucket actions', files: withStatement('actions: [s3:ListBucket]\nresources: ["arn:aws:s3:::acme-*"]') },
      { name: 'IAM policy variables in the resource', files: withStatement('actions: [s3:GetObject]\nresources: ["arn:aws:s3:::acme-home/${aws:username}/*"]') },
      { name: 'a statement mixing in a wildcard-only action is not judged', files: withStatement('actions: [ecr:GetAuthorizationToken, ecr:BatchGetImage]\nresources: ["*"]   # expect: resource-wildcard') },
      { name: 'a malformed ARN is malformed-arn\'s finding', files: withStatement('actions: [s3:GetObject]\nresources: ["acme-orders/*"]   # expect: malformed-arn') },
    ],
  },
  {
    rule: 'malformed-arn',
    fires: [
      {
        name: 'a bare name',
        files: withStatement('actions: [s3:GetObject]\nresources: ["acme-orders/*"]   # expect: malformed-arn:21'),
        message: /^"acme-orders\/\*" is not a valid ARN: a resource is "\*" or an ARN starting with "arn:"$/,
      },
      {
        name: 'five parts',
        files: withStatement('actions: [sqs:SendMessage]\nresources: ["arn:aws:sqs:us-east-1:111122223333"]   # expect: malformed-arn'),
        message: /six colon-separated parts/,
      },
      {
        name: 'an account id that is not 12 digits',
        files: withStatement('actions: [sqs:SendMessage]\nresources: ["arn:aws:sqs:us-east-1:11112222333:orders"]   # expect: malformed-arn'),
        message: /the account part "11112222333" is not a 12-digit account id/,
      },
      { name: 'in NotResource too', files: withStatement('effect: Deny\nactions: [s3:DeleteObject]\nnotResources: ["arn:aws:s3"]   # expect: malformed-arn:24') },
      {
        // The resource is data, never template: it cannot fill or fake another part of the message.
        name: 'a resource written like a placeholder is shown as written',
        files: withStatement('actions: [s3:GetObject]\nresources: ["{{problem}} $& $1 {{origin}}"]   # expect: malformed-arn:21'),
        message: /^"\{\{problem\}\} \$& \$1 \{\{origin\}\}" is not a valid ARN: a resource is "\*" or an ARN starting with "arn:"$/,
      },
    ],
    passes: [
      {
        name: 'well-formed ARNs of many shapes',
        files: {
          [file]: identity({
            grants: [
              statementGrant('actions: [s3:GetObject]\nresources: ["arn:aws:s3:::acme-orders/*", "arn:aws-us-gov:s3:::acme-gov/*"]'),
              statementGrant('actions: [sqs:SendMessage]\nresources: ["arn:aws:sqs:*:111122223333:orders-*"]'),
              statementGrant('actions: [iam:GetPolicy]\nresources: ["arn:aws:iam::aws:policy/ReadOnlyAccess"]'),
              statementGrant('actions: [sts:GetCallerIdentity]\nresources: ["*"]'),
            ].join('\n'),
          }),
        },
      },
    ],
  },
];
