import { z } from 'zod';
import { ApiVersion, AccountId, Duration, IsoDate, TEAM_REF_PATTERN } from './common.js';
import { globalKeySpellings, isKnownOperator, isUnknownGlobalKey, operatorSpellings } from '../core/aws/conditions.js';
import { didYouMean } from '../core/text/suggest.js';

/** IAM role names allow 64 characters; 48 leaves room for environment suffixes and keeps tags readable. */
export const IdentityName = z
  .string()
  .regex(/^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$/, 'a name is lower-case letters, digits and "-", 1 to 48 characters, starting and ending with a letter or digit')
  .describe('The identity\'s name, unique in the repository: lower-case letters, digits and `-`, at most 48 characters, for example `payments-api`.');

const EksWorkload = z.strictObject({
  cluster: z.string().min(1).describe('The EKS cluster, a key of the account\'s `eksClusters` in catalog/accounts.yaml (its OIDC issuer is taken from there): for example `prod-main`.'),
  namespace: z.string().min(1).describe('The Kubernetes namespace of the service account: for example `payments`.'),
  serviceAccount: z.string().min(1).describe('The Kubernetes service account whose pods may assume the role: for example `payments-api`.'),
});

const GithubActionsWorkload = z.strictObject({
  repo: z.string().regex(/^[^/\s]+\/[^/\s]+$/, 'a repository is written "org/name"').describe('The GitHub repository whose workflows may assume the role, `org/name`: for example `acme/payments`.'),
  environment: z.string().min(1).optional().describe('Only jobs of this GitHub deployment environment may assume the role: for example `production`. Set either `environment` or `ref`, not both.'),
  ref: z.string().min(1).optional().describe('Only workflows running on this git ref may assume the role: for example `refs/heads/main`. Set either `environment` or `ref`, not both.'),
});

const CrossAccountWorkload = z.strictObject({
  accountId: AccountId.describe('The 12-digit id of the other AWS account whose principals may assume the role, quoted: for example `"444455556666"`.'),
  externalId: z.string().min(1).optional().describe('The external id the other account must present (`sts:ExternalId`): for example `vendor-7f3a`.'),
});

/**
 * The X.509 certificate an external workload presents to IAM Roles Anywhere. The trust is pinned
 * to this exact subject common name under the account's trust anchor, so a wildcard, which would
 * let any certificate of the CA in, is refused.
 */
const WorkloadCertificate = z.strictObject({
  subjectCN: z
    .string()
    .min(1)
    .max(64, 'an X.509 common name has at most 64 characters')
    .regex(/^[^*?${}\s](?:[^*?${}]*[^*?${}\s])?$/, 'the certificate subject CN is matched exactly: no wildcards (* ?), no surrounding spaces, no ${')
    .describe('The subject common name (CN) of the workload\'s certificate, matched exactly (no wildcards), at most 64 characters: for example `sync.vendor.example`.'),
});

/**
 * A workload outside AWS. With `certificate` it uses IAM Roles Anywhere (a role, no key exists);
 * without it, an IAM user whose access key the rotation job mints (needs an exception).
 */
const ExternalWorkload = z.strictObject({
  system: z.string().min(1).describe('The system outside AWS that uses the identity: for example `legacy-vendor`.'),
  certificate: WorkloadCertificate.optional().describe('The X.509 certificate the workload presents to IAM Roles Anywhere, so it assumes a role and no access key exists. Without it the identity is an IAM user with an access key, which needs an exception.'),
});

export const Workload = z
  .strictObject({
    eks: EksWorkload.optional().describe('A Kubernetes service account on an EKS cluster, trusted through the cluster\'s OIDC provider: `{ cluster, namespace, serviceAccount }`.'),
    githubActions: GithubActionsWorkload.optional().describe('GitHub Actions workflows of a repository, trusted through GitHub\'s OIDC provider: `{ repo, environment }` or `{ repo, ref }`.'),
    awsService: z.string().min(1).optional().describe('An AWS service principal that assumes the role in this account: for example `lambda.amazonaws.com`.'),
    crossAccount: CrossAccountWorkload.optional().describe('Principals of another AWS account: `{ accountId, externalId }`.'),
    external: ExternalWorkload.optional().describe('A workload outside AWS: `{ system, certificate: { subjectCN } }` for IAM Roles Anywhere, or `{ system }` alone for an IAM user with an access key (needs an exception).'),
  })
  .refine((w) => Object.values(w).filter((v) => v !== undefined).length === 1, {
    message: 'a workload names exactly one of eks, githubActions, awsService, crossAccount, external',
  })
  .describe('Who may assume the identity: exactly one of `eks`, `githubActions`, `awsService`, `crossAccount` or `external`.');

const StringList = z.array(z.string().min(1)).min(1);

/**
 * A condition block as IAM accepts it: known operators (case-sensitive, as IAM treats them), known
 * global keys, nothing empty. IAM rejects the rest at apply time; here it is a schema error with
 * the line and a suggestion.
 */
const Conditions = z
  .record(z.string(), z.record(z.string(), z.union([z.string(), z.array(z.string()), z.boolean(), z.number()])))
  .superRefine((conditions, ctx) => {
    const operators = Object.entries(conditions);
    if (operators.length === 0) ctx.addIssue({ code: 'custom', message: 'an empty condition block: remove "conditions" or give it an operator such as StringEquals', path: [] });
    for (const [operator, byKey] of operators) {
      if (!isKnownOperator(operator)) {
        ctx.addIssue({ code: 'custom', message: `unknown condition operator "${operator}".${didYouMean(operator, operatorSpellings())}`, path: [operator] });
        continue;
      }
      if (Object.keys(byKey).length === 0) ctx.addIssue({ code: 'custom', message: `condition operator "${operator}" names no key: give it a key and value, or remove it`, path: [operator] });
      for (const key of Object.keys(byKey)) {
        if (isUnknownGlobalKey(key)) ctx.addIssue({ code: 'custom', message: `unknown global condition key "${key}".${didYouMean(key, globalKeySpellings())}`, path: [operator, key] });
      }
    }
  })
  .describe('IAM conditions, `{ <operator>: { <key>: <value> } }` as in an IAM policy: for example `{ StringEquals: { "aws:SourceAccount": "111122223333" } }`.');

export const Statement = z
  .strictObject({
    effect: z.enum(['Allow', 'Deny']).default('Allow').describe('`Allow` (the default) or `Deny`.'),
    actions: StringList.optional().describe('IAM actions the statement applies to: for example `[sqs:SendMessage]`. Either `actions` or `notActions`, not both.'),
    notActions: StringList.optional().describe('Every action except these (IAM `NotAction`); with `Allow` it is reported by the least-privilege rules. Either `actions` or `notActions`, not both.'),
    resources: StringList.optional().describe('ARNs of the resources the statement applies to: for example `["arn:aws:sqs:us-east-1:111122223333:payment-events"]`. Either `resources` or `notResources`, not both.'),
    notResources: StringList.optional().describe('Every resource except these (IAM `NotResource`). Either `resources` or `notResources`, not both.'),
    conditions: Conditions.optional(),
  })
  .superRefine((statement, ctx) => {
    // IAM rejects a statement with both halves of a pair: which one was meant cannot be guessed.
    if (statement.actions && statement.notActions) ctx.addIssue({ code: 'custom', message: 'a statement has either "actions" or "notActions", not both', path: ['notActions'] });
    if (statement.resources && statement.notResources) ctx.addIssue({ code: 'custom', message: 'a statement has either "resources" or "notResources", not both', path: ['notResources'] });
  });

const CatalogGrant = z.strictObject({
  role: z.string().min(1).describe('A role of catalog/roles.yaml: for example `s3-object-reader`.'),
  params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}).describe('Values of the role\'s parameters, by name: for example `{ bucket: acme-invoices, prefix: invoices/ }`. A parameter with a default may be left out.'),
});

const StatementGrant = z.strictObject({
  statement: Statement.describe('An ad-hoc IAM statement, for access no catalog role gives.'),
  reason: z.string().min(1, 'an ad-hoc statement must say why it is needed').describe('Why the ad-hoc statement is needed: for example `Publish payment events for the ledger`.'),
});

export const Grant = z.union([CatalogGrant, StatementGrant]).describe('A grant: a catalog role with its parameters (`{ role, params }`), or an ad-hoc statement with a reason (`{ statement, reason }`).');

/**
 * What an exception covers within its rule: a document path, a resource pattern, or both (then a
 * finding must be at the path and concern the resource). Both stay strings here: lint checks them
 * against the identity (a path that names nothing, a resource no statement names) and reports a
 * typo as exception-invalid with its line, rather than refusing the whole file.
 */
const AppliesToEntry = z
  .strictObject({
    path: z.string().min(1).optional().describe('A document path in this file, as lint prints it: for example `spec.grants[2]` or `spec.grants[2].statement.resources[0]` (a quoted key for other characters: `conditions.StringLike["s3:prefix"]`). A finding is covered when its path is this one or lies under it. It must name something in the identity.'),
    resource: z.string().min(1).optional().describe('A resource ARN, with IAM wildcards `*` and `?`: for example `arn:aws:s3:::acme-lake-dev/legacy-exports/*`. A finding is covered when every resource it concerns lies within the pattern. A statement of the identity must name a resource within it.'),
  })
  .refine((entry) => entry.path !== undefined || entry.resource !== undefined, { message: 'an appliesTo entry names a path, a resource, or both' })
  .describe('One thing the exception covers: `{ path }`, `{ resource }`, or `{ path, resource }` (both must hold).');

export const ExceptionEntry = z.strictObject({
  rule: z.string().min(1).describe('The id of the rule the exception suppresses for this identity: for example `static-credentials`.'),
  reason: z.string().describe('Why the exception is needed, in substance (a placeholder such as `n/a` or `TBD` makes the exception invalid): for example `Vendor cannot use OIDC yet`.'),
  approvedBy: z.string().describe('Who approved it: the policy\'s security team or a governance owner, `@org/team`, for example `@acme/security`.'),
  expires: IsoDate.describe('The last day the exception applies, `YYYY-MM-DD`; at most the policy\'s `exceptions.maxLifetime` away. Once expired it stops suppressing and is reported.'),
  appliesTo: z
    .array(AppliesToEntry)
    .min(1, { message: 'appliesTo needs at least one path or resource; leave it out to cover the whole rule (reported as broad)' })
    .optional()
    .describe('Narrows the exception to the findings of its rule at these paths or on these resources; a finding is covered when any entry covers it. Without it the exception covers every finding of the rule on this identity, which lint reports as broad. Widening it (an entry added, a path replaced by an ancestor, a wider resource, removing it) needs the `approvedBy` team again.'),
});

export const IdentitySchema = z.strictObject({
  apiVersion: ApiVersion,
  kind: z.literal('Identity').describe('Always `Identity`: one identity per file under identities/<team>/.'),
  metadata: z.strictObject({
    name: IdentityName,
    // Owner and description are linted rather than required here, so that their absence is
    // reported by the ownership rules with their framework references. The pattern is for
    // editors only (JSON Schema metadata): the loader still accepts any string.
    owner: z
      .string()
      .optional()
      .meta({
        description: 'The GitHub team accountable for the identity, `@org/team`, one of the policy\'s `teams`: for example `@acme/payments`. Required (reported by the ownership rules when missing).',
        pattern: TEAM_REF_PATTERN.source,
      }),
    description: z.string().optional().describe('One sentence for reviewers: which workload, where, doing what. For example `Payments API on the prod EKS cluster`.'),
    ticket: z.string().max(128).optional().describe('An optional external change record, at most 128 characters, set as the `gatehouse:ticket` tag: for example `PAY-1234`.'),
  }).describe('Who the identity is and who is accountable for it.'),
  spec: z.strictObject({
    account: z.string().min(1).describe('The AWS account the identity lives in, a key of catalog/accounts.yaml: for example `payments-prod`.'),
    dataClassification: z.enum(['public', 'internal', 'confidential', 'restricted']).describe('The classification of the data the identity handles: `public`, `internal`, `confidential` or `restricted`; it counts towards the risk tier of a change.'),
    workload: Workload,
    grants: z.array(Grant).default([]).describe('What the identity may do: catalog roles with their parameters, or ad-hoc statements with a reason.'),
    sessionHours: z.number().int().min(1).max(12).default(1).describe('The longest session of the role, in whole hours from 1 to 12 (default 1).'),
    expires: IsoDate.optional().describe('The day the identity expires, `YYYY-MM-DD`, for example `2027-06-30`; the policy caps the lifetime per environment. Expiring destroys the identity and its credentials.'),
    review: z.strictObject({
      every: Duration.describe('How often the owners recertify the identity, `<n>d` or `<n>h`: for example `90d`; at most the policy\'s `review.maxEvery`.'),
      last: IsoDate.describe('The date of the last review, `YYYY-MM-DD`: for example `2026-11-01`.'),
    }).optional().describe('Periodic recertification by the owners: `{ every: 90d, last: 2026-11-01 }`.'),
    credentials: z.strictObject({
      accessKey: z.strictObject({
        rotateEvery: Duration.optional().describe('How often the access key is rotated, `<n>d` or `<n>h`: for example `90d`; at most the policy\'s `rotation.accessKeyMax`.'),
      }).optional().describe('The IAM access key of the user, minted and rotated by `gatehouse rotate`.'),
    }).optional().describe('Static credentials, only for workloads that cannot use a role (an `external` workload without a certificate).'),
    secrets: z.array(z.strictObject({
      name: z.string().regex(/^[A-Za-z0-9/_+=.@-]{1,256}$/, 'a secret name uses letters, digits and /_+=.@-').describe('The Secrets Manager secret name: letters, digits and `/_+=.@-`, for example `stripe-webhook-key`.'),
      rotateEvery: Duration.optional().describe('How often the secret is rotated, `<n>d` or `<n>h`: for example `30d`; at most the policy\'s `rotation.secretMax`, and it needs the account\'s `secretRotationLambda`.'),
      description: z.string().optional().describe('The secret\'s description in Secrets Manager; by default `Secret of <name> (managed by Gatehouse)`.'),
    })).default([]).describe('Secrets Manager secrets the workload owns.'),
    exceptions: z.array(ExceptionEntry).default([]).describe('Controlled exceptions to rules for this identity, each approved by the security team or a governance owner and time-bound.'),
  }).describe('What the identity is: its account, workload, grants and lifecycle.'),
});

export type IdentityDocument = z.infer<typeof IdentitySchema>;
export type WorkloadSpec = z.infer<typeof Workload>;
export type StatementSpec = z.infer<typeof Statement>;
export type GrantSpec = z.infer<typeof Grant>;
export type ExceptionSpec = z.infer<typeof ExceptionEntry>;
