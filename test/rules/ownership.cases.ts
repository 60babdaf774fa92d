import { identity, identityFile, rolesWith, type RuleTable } from './harness.js';

const file = identityFile();

/** A one-queue reader role appended to the example catalog; `ownerLine` may be empty. */
const queueReader = (nameLine: string, ownerLine: string) =>
  rolesWith(
    [nameLine, '  description: Read one queue.', ...(ownerLine ? [`  ${ownerLine}`] : []), '  workloads: [eks]', '  params: { queue: { type: string } }', '  statements:', '    - actions: [sqs:ReceiveMessage]', '      resources: ["arn:aws:sqs:{region}:{account}:{queue}"]'].join('\n'),
  );

export const ownershipTables: RuleTable[] = [
  {
    rule: 'owner-required',
    fires: [
      { name: 'no owner: points at metadata', files: { [file]: identity({ owner: null, marks: { metadata: 'owner-required:1' } }) }, message: /metadata\.owner is missing/ },
      { name: 'a blank owner', files: { [file]: identity({ owner: '   ', marks: { metadata: 'owner-required:1' } }) } },
    ],
    passes: [{ name: 'an owner team', files: { [file]: identity() } }],
  },
  {
    rule: 'owner-known',
    fires: [
      {
        name: 'a misspelt team, with the closest one suggested',
        files: { [file]: identity({ owner: '@acme/paymnts', marks: { owner: 'owner-known:10' } }) },
        message: /owner "@acme\/paymnts" is not a team in catalog\/policy\.yaml\. Did you mean "@acme\/payments"\?/,
      },
      {
        name: 'an owner not written as @org/team',
        files: { [file]: identity({ owner: 'payments', marks: { owner: 'owner-known:10' } }) },
        message: /An owner is written "@org\/team"/,
      },
      { name: 'the security team owns no identities unless listed in teams', files: { [file]: identity({ owner: '@acme/security', marks: { owner: 'owner-known' } }) } },
    ],
    passes: [
      { name: 'a team of the policy', files: { [file]: identity({ owner: '@acme/data' }) } },
      // GitHub compares team names case-insensitively, and so do approvals and CODEOWNERS.
      { name: 'a team of the policy in other letter case', files: { [file]: identity({ owner: '@ACME/Data' }) } },
      { name: 'a missing owner is owner-required\'s finding, not this one', files: { [file]: identity({ owner: null, marks: { metadata: 'owner-required' } }) } },
    ],
  },
  {
    rule: 'description-required',
    fires: [
      { name: 'no description', files: { [file]: identity({ description: null, marks: { metadata: 'description-required:1' } }) } },
      { name: 'a description too short to say anything', files: { [file]: identity({ description: 'api', marks: { metadata: 'description-required' } }) } },
    ],
    passes: [{ name: 'one sentence about the workload', files: { [file]: identity() } }],
  },
  {
    rule: 'catalog-role-owner',
    fires: [
      {
        name: 'a catalog role without an owner',
        files: {
          'catalog/roles.yaml': queueReader('orphan-reader:   # expect: catalog-role-owner:3', ''),
        },
        message: /catalog role "orphan-reader" has no owner/,
      },
      {
        name: 'a catalog role owned by a team the policy does not know',
        files: {
          'catalog/roles.yaml': queueReader('vendor-reader:', 'owner: "@acme/vendors"   # expect: catalog-role-owner:12'),
        },
        message: /owned by "@acme\/vendors", which catalog\/policy\.yaml does not know/,
      },
      {
        name: 'a placeholder that is neither declared nor built in',
        files: {
          'catalog/roles.yaml': rolesWith(`
            queue-reader:
              description: Read one queue.
              owner: "@acme/platform"
              workloads: [eks]
              statements:   # expect: catalog-role-owner:5
                - actions: [sqs:ReceiveMessage]
                  resources: ["arn:aws:sqs:{region}:{account}:{queue}"]
          `),
        },
        message: /uses \{queue\} but declares no such parameter/,
      },
      {
        name: 'a placeholder used only in a condition',
        files: {
          'catalog/roles.yaml': rolesWith(`
            bucket-lister:
              description: List one prefix of the lake.
              owner: "@acme/platform"
              workloads: [eks]
              statements:   # expect: catalog-role-owner:5
                - actions: [s3:ListBucket]
                  resources: ["arn:aws:s3:::acme-lake"]
                  conditions: { StringLike: { "s3:prefix": ["{prefix}*"] } }
          `),
        },
        message: /uses \{prefix\} but declares no such parameter/,
      },
      {
        name: 'a placeholder used only in notActions',
        files: {
          'catalog/roles.yaml': rolesWith(`
            all-but-one:
              description: Deny one action of a service.
              owner: "@acme/platform"
              workloads: [eks]
              statements:   # expect: catalog-role-owner:5
                - effect: Deny
                  notActions: ["sqs:{action}"]
                  resources: ["*"]
          `),
        },
        message: /uses \{action\} but declares no such parameter/,
      },
    ],
    passes: [
      { name: 'the example catalog', files: {} },
      {
        name: 'built-in placeholders and IAM policy variables are not undeclared parameters',
        files: {
          'catalog/roles.yaml': rolesWith(`
            home-prefix:
              description: Read and write the caller's home prefix of one bucket.
              owner: "@acme/security"
              workloads: [external]
              params: { bucket: { type: string } }
              statements:
                - actions: [s3:GetObject, s3:PutObject]
                  resources: ["arn:{partition}:s3:::{bucket}/home/{identity}/\${aws:username}/*"]
                - actions: [sqs:SendMessage]
                  resources: ["arn:aws:sqs:{region}:{account}:home-events"]
          `),
        },
      },
    ],
  },
];
