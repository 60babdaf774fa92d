/** The loader's own checks, in the same table form as the rules (the loader reports them before any rule runs). */
import { identity, identityFile, policyWithRules, rolesWith, statementGrant, type RuleTable } from './harness.js';

const file = identityFile();
const bad = 'identities/payments/bad.yaml';

export const loadTables: RuleTable[] = [
  {
    rule: 'file-unreadable',
    fires: [
      { name: 'an empty file', files: { [bad]: '' }, expected: [{ ruleId: 'file-unreadable', file: bad, line: 1 }], message: /^file is empty: write one YAML document, or delete the file$/ },
      { name: 'a file of comments only', files: { [bad]: '# expect: file-unreadable\n# nothing else\n' }, message: /file is empty/ },
      { name: 'a binary file', files: { [bad]: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0x0d]) }, expected: [{ ruleId: 'file-unreadable', file: bad, line: 1 }], message: /^file is binary \(contains NUL bytes\)/ },
      {
        name: 'a file that is not UTF-8 (Latin-1)',
        files: { [bad]: new Uint8Array([...new TextEncoder().encode('description: caf'), 0xe9, 0x0a]) },
        expected: [{ ruleId: 'file-unreadable', file: bad, line: 1 }],
        message: /^file is not valid UTF-8: save it as UTF-8 text$/,
      },
      { name: 'a file over the size limit', files: { [bad]: `# expect: file-unreadable\ndescription: ${'x'.repeat(300 * 1024)}\n` }, message: /over the 262144-byte limit/ },
      {
        name: 'a missing catalog file',
        files: { 'catalog/policy.yaml': null },
        expected: [{ ruleId: 'file-unreadable', file: 'catalog/policy.yaml', line: 1 }],
        message: /^missing catalog\/policy\.yaml: every Gatehouse repository needs it/,
      },
    ],
    passes: [
      { name: 'the example catalog and a valid identity', files: { [file]: identity() } },
      { name: 'a UTF-8 byte-order mark is accepted', files: { [file]: `\uFEFF${identity()}` } },
    ],
  },
  {
    rule: 'yaml-syntax',
    fires: [
      {
        name: 'an unclosed flow sequence: one error, not a cascade',
        files: { [bad]: 'apiVersion: gatehouse/v1\nkind: Identity\nmetadata:\n  name: [oops\nspec:   # expect: yaml-syntax:1\n  account: acme-prod\n' },
      },
      {
        name: 'an unquoted "{" in a flow mapping',
        files: { [bad]: 'apiVersion: gatehouse/v1\nkind: Identity\nspec:\n  workload:\n    eks: { cluster: prod-main, namespace: orders, serviceAccount: a${b} }   # expect: yaml-syntax:69\n  account: acme-prod\n' },
        message: /^YAML syntax error: .* \(\d+ more error\(s\) after it, probably caused by this one\)$/,
      },
      {
        name: 'a duplicate key',
        files: { [bad]: identity({ specExtra: 'expires: 2027-06-01   # expect: yaml-syntax:3' }) },
        message: /^duplicate key: each field may appear once; remove or merge the repeated one$/,
      },
      { name: 'tab indentation', files: { [bad]: 'apiVersion: gatehouse/v1\nmetadata:\n\tname: orders   # expect: yaml-syntax:1\n' }, message: /Tabs are not allowed as indentation/ },
      {
        name: 'several documents',
        files: { [bad]: `${identity()}---   # expect: yaml-syntax:1\n${identity({ name: 'other' })}` },
        message: /^file holds several YAML documents \(---\): put one identity in each file$/,
      },
      {
        name: 'an alias bomb',
        files: {
          [bad]: [
            'a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]   # expect: yaml-syntax:1',
            'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
            'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
            'd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]',
          ].join('\n'),
        },
        message: /^too many alias expansions \(over 100\): this looks like an alias bomb; write the values out$/,
      },
      {
        name: 'a right-to-left override in a string (Trojan Source)',
        files: { [bad]: identity({ description: 'Orders \u202Eipa-sredro\u202C workload description' }).replace(/(description: .*)/, '$1   # expect: yaml-syntax:16') },
        message: /invisible control or bidirectional character \(U\+202E\)/,
      },
      {
        name: 'an override written as a YAML escape sequence',
        files: { [bad]: identity({ description: '"Orders \\u202Eipa-sredro\\u202C workload description"' }).replace(/(description: .*)/, '$1   # expect: yaml-syntax:16') },
        message: /\(U\+202E\)/,
      },
      {
        name: 'a control character in a key',
        files: { [bad]: identity({ metadataExtra: 'ticket\u0007: PAY-1   # expect: yaml-syntax:3' }) },
        message: /\(U\+0007\)/,
      },
    ],
    passes: [
      { name: 'a few anchors and aliases', files: { [file]: identity({ grants: '- role: sqs-sender\n  params: &queue { queue: orders }\n- role: sqs-consumer\n  params: *queue' }) } },
      { name: 'a document start marker', files: { [file]: `---\n${identity()}` } },
      { name: 'non-ASCII text', files: { [file]: identity({ description: 'Zahlungsdienst für Bestellungen — läuft in Frankfurt.' }) } },
    ],
  },
  {
    rule: 'schema-invalid',
    fires: [
      {
        name: 'a catalog parameter pattern that is no regular expression, at its catalog line',
        files: {
          'catalog/roles.yaml': rolesWith(`
            broken-pattern:
              description: A role whose parameter pattern does not compile.
              owner: "@acme/platform"
              workloads: [eks]
              params:
                queue: { type: string, pattern: "[a-z" }   # expect: schema-invalid
              statements:
                - actions: [sqs:SendMessage]
                  resources: ["arn:aws:sqs:{region}:{account}:{queue}"]
          `),
        },
        message: /roles\.broken-pattern\.params\.queue\.pattern.*not a valid regular expression/,
      },
      {
        name: 'a misspelt field, with the closest one suggested',
        files: { [bad]: identity({ name: 'bad', specExtra: 'expries: 2027-01-01   # expect: schema-invalid:3' }) },
        message: /^unknown field "expries"\. Did you mean "expires"\? Allowed here: account, dataClassification, workload, grants, sessionHours, expires, review, credentials, secrets, exceptions\.$/,
      },
      {
        name: 'a field of a grant that belongs to the other form of grant',
        files: { [bad]: identity({ name: 'bad', grants: '- role: sqs-sender\n  params: { queue: orders }\n  reason: Publish order events   # expect: schema-invalid:7' }) },
        message: /^unknown field "reason"\. Allowed here: role, params\. \("reason" goes with statement, in the other form of this entry\.\)$/,
      },
      {
        name: 'a value of the wrong type',
        files: { [bad]: identity({ name: 'bad', specExtra: 'sessionHours: "two"   # expect: schema-invalid:17' }) },
        message: /^"spec\.sessionHours" must be a number, not string "two"$/,
      },
      {
        name: 'a value outside the enumeration',
        files: { [bad]: identity({ name: 'bad', classification: 'secret' }).replace('dataClassification: secret', 'dataClassification: secret   # expect: schema-invalid:23') },
        message: /^"spec\.dataClassification" must be one of "public", "internal", "confidential", "restricted"$/,
      },
      {
        name: 'a missing required field points at its parent',
        files: { [bad]: 'apiVersion: gatehouse/v1\nkind: Identity\nmetadata:   # expect: schema-invalid:1\n  owner: "@acme/payments"\nspec:   # expect: schema-invalid:1\n  account: acme-prod\n  workload: { awsService: lambda.amazonaws.com }\n' },
      },
      {
        name: 'a name carrying a Terraform interpolation',
        files: { [bad]: identity({ name: '"orders-${var.env}"' }).replace(/(  name: .*)/, '$1   # expect: schema-invalid:9') },
        message: /a name is lower-case letters, digits and "-"/,
      },
      {
        name: 'two workload kinds at once',
        files: { [bad]: identity({ name: 'bad', workload: 'eks: { cluster: prod-main, namespace: a, serviceAccount: b }\nawsService: lambda.amazonaws.com', marks: { workload: 'schema-invalid:3' } }) },
        message: /a workload names exactly one of eks, githubActions, awsService, crossAccount, external/,
      },
      {
        name: 'not a calendar date',
        files: { [bad]: identity({ name: 'bad', expires: '2027-02-30', marks: { expires: 'schema-invalid:12' } }) },
        message: /not a real calendar date/,
      },
      {
        name: 'a misspelt rule in the policy overrides',
        files: { 'catalog/policy.yaml': policyWithRules('{ resource-wildcrd: off }   # expect: schema-invalid') },
        message: /^rules: unknown rule "resource-wildcrd"\. Did you mean "resource-wildcard"\?/,
      },
      {
        name: 'a statement with both actions and notActions (IAM rejects it)',
        files: { [bad]: identity({ name: 'bad', grants: statementGrant('actions: [sqs:SendMessage]\nnotActions: [sqs:DeleteQueue]   # expect: schema-invalid\nresources: ["*"]') }) },
        message: /^"spec\.grants\.0\.statement\.notActions": a statement has either "actions" or "notActions", not both$/,
      },
      {
        name: 'a statement with both resources and notResources',
        files: { [bad]: identity({ name: 'bad', grants: statementGrant('actions: [sqs:SendMessage]\nresources: ["*"]\nnotResources: ["arn:aws:sqs:us-east-1:111122223333:x"]   # expect: schema-invalid') }) },
        message: /"spec\.grants\.0\.statement\.notResources": a statement has either "resources" or "notResources", not both$/,
      },
      {
        name: 'a misspelt condition operator, with the operator meant',
        files: { [bad]: identity({ name: 'bad', grants: statementGrant('actions: [iam:PassRole]\nresources: ["arn:aws:iam::111122223333:role/x"]\nconditions:\n  StringEqual:   # expect: schema-invalid\n    iam:PassedToService: ec2.amazonaws.com') }) },
        message: /"spec\.grants\.0\.statement\.conditions\.StringEqual": unknown condition operator "StringEqual"\. Did you mean "StringEquals"\?$/,
      },
      {
        name: 'a misspelt global condition key in a catalog role',
        files: {
          'catalog/roles.yaml': rolesWith(`
            typo-key:
              description: A role whose condition key is misspelt.
              owner: "@acme/platform"
              workloads: [eks]
              statements:
                - actions: [sqs:SendMessage]
                  resources: ["*"]
                  conditions: { Bool: { "aws:SecureTransprt": "true" } }   # expect: schema-invalid
          `),
        },
        message: /unknown global condition key "aws:SecureTransprt"\. Did you mean "aws:SecureTransport"\?/,
      },
      {
        name: 'an empty condition block',
        files: { [bad]: identity({ name: 'bad', grants: statementGrant('actions: [sqs:SendMessage]\nresources: ["*"]\nconditions: {}   # expect: schema-invalid') }) },
        message: /"spec\.grants\.0\.statement\.conditions": an empty condition block: remove "conditions"/,
      },
      {
        name: 'an operator with no key',
        files: { [bad]: identity({ name: 'bad', grants: statementGrant('actions: [sqs:SendMessage]\nresources: ["*"]\nconditions: { StringEquals: {} }   # expect: schema-invalid') }) },
        message: /: condition operator "StringEquals" names no key/,
      },
      {
        name: 'a load check cannot be overridden by the policy',
        files: { 'catalog/policy.yaml': policyWithRules('{ schema-invalid: off }   # expect: schema-invalid') },
        message: /"schema-invalid" is a load check and cannot be overridden/,
      },
    ],
    passes: [
      { name: 'a valid identity', files: { [file]: identity() } },
      {
        name: 'set operators, IfExists, tag-key families and service keys in conditions',
        files: {
          [file]: identity({
            grants: statementGrant(
              'actions: [s3:GetObject]\nresources: ["arn:aws:s3:::orders/*"]\nconditions:\n  ForAnyValue:StringLike: { "aws:PrincipalTag/team": "orders-*" }\n  StringEqualsIfExists: { "s3:prefix": "orders/" }\n  Bool: { "aws:SecureTransport": "true" }\n  DateLessThan: { "aws:CurrentTime": "2027-06-30T00:00:00Z" }',
            ),
          }),
        },
      },
      { name: 'a policy overriding known rules', files: { 'catalog/policy.yaml': policyWithRules('{ file-layout: off, action-wildcard: error }') } },
    ],
  },
];
