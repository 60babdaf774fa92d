import { z } from 'zod';
import { ApiVersion, AccountId, Duration, IsoDate } from './common.js';
import { globalKeySpellings, isKnownOperator, isUnknownGlobalKey, operatorSpellings } from '../core/aws/conditions.js';
import { didYouMean } from '../core/text/suggest.js';

/** IAM role names allow 64 characters; 48 leaves room for environment suffixes and keeps tags readable. */
export const IdentityName = z
  .string()
  .regex(/^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$/, 'a name is lower-case letters, digits and "-", 1 to 48 characters, starting and ending with a letter or digit');

const EksWorkload = z.strictObject({
  cluster: z.string().min(1),
  namespace: z.string().min(1),
  serviceAccount: z.string().min(1),
});

const GithubActionsWorkload = z.strictObject({
  repo: z.string().regex(/^[^/\s]+\/[^/\s]+$/, 'a repository is written "org/name"'),
  environment: z.string().min(1).optional(),
  ref: z.string().min(1).optional(),
});

const CrossAccountWorkload = z.strictObject({
  accountId: AccountId,
  externalId: z.string().min(1).optional(),
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
    .regex(/^[^*?${}\s](?:[^*?${}]*[^*?${}\s])?$/, 'the certificate subject CN is matched exactly: no wildcards (* ?), no surrounding spaces, no ${'),
});

/**
 * A workload outside AWS. With `certificate` it uses IAM Roles Anywhere (a role, no key exists);
 * without it, an IAM user whose access key the rotation job mints (needs an exception).
 */
const ExternalWorkload = z.strictObject({ system: z.string().min(1), certificate: WorkloadCertificate.optional() });

export const Workload = z
  .strictObject({
    eks: EksWorkload.optional(),
    githubActions: GithubActionsWorkload.optional(),
    awsService: z.string().min(1).optional(),
    crossAccount: CrossAccountWorkload.optional(),
    external: ExternalWorkload.optional(),
  })
  .refine((w) => Object.values(w).filter((v) => v !== undefined).length === 1, {
    message: 'a workload names exactly one of eks, githubActions, awsService, crossAccount, external',
  });

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
  });

export const Statement = z
  .strictObject({
    effect: z.enum(['Allow', 'Deny']).default('Allow'),
    actions: StringList.optional(),
    notActions: StringList.optional(),
    resources: StringList.optional(),
    notResources: StringList.optional(),
    conditions: Conditions.optional(),
  })
  .superRefine((statement, ctx) => {
    // IAM rejects a statement with both halves of a pair: which one was meant cannot be guessed.
    if (statement.actions && statement.notActions) ctx.addIssue({ code: 'custom', message: 'a statement has either "actions" or "notActions", not both', path: ['notActions'] });
    if (statement.resources && statement.notResources) ctx.addIssue({ code: 'custom', message: 'a statement has either "resources" or "notResources", not both', path: ['notResources'] });
  });

const CatalogGrant = z.strictObject({
  role: z.string().min(1),
  params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
});

const StatementGrant = z.strictObject({
  statement: Statement,
  reason: z.string().min(1, 'an ad-hoc statement must say why it is needed'),
});

export const Grant = z.union([CatalogGrant, StatementGrant]);

export const ExceptionEntry = z.strictObject({
  rule: z.string().min(1),
  reason: z.string(),
  approvedBy: z.string(),
  expires: IsoDate,
});

export const IdentitySchema = z.strictObject({
  apiVersion: ApiVersion,
  kind: z.literal('Identity'),
  metadata: z.strictObject({
    name: IdentityName,
    // Owner and description are linted rather than required here, so that their absence is
    // reported by the ownership rules with their framework references.
    owner: z.string().optional(),
    description: z.string().optional(),
    ticket: z.string().max(128).optional(),
  }),
  spec: z.strictObject({
    account: z.string().min(1),
    dataClassification: z.enum(['public', 'internal', 'confidential', 'restricted']),
    workload: Workload,
    grants: z.array(Grant).default([]),
    sessionHours: z.number().int().min(1).max(12).default(1),
    expires: IsoDate.optional(),
    review: z.strictObject({ every: Duration, last: IsoDate }).optional(),
    credentials: z.strictObject({ accessKey: z.strictObject({ rotateEvery: Duration.optional() }).optional() }).optional(),
    secrets: z.array(z.strictObject({ name: z.string().regex(/^[A-Za-z0-9/_+=.@-]{1,256}$/, 'a secret name uses letters, digits and /_+=.@-'), rotateEvery: Duration.optional(), description: z.string().optional() })).default([]),
    exceptions: z.array(ExceptionEntry).default([]),
  }),
});

export type IdentityDocument = z.infer<typeof IdentitySchema>;
export type WorkloadSpec = z.infer<typeof Workload>;
export type StatementSpec = z.infer<typeof Statement>;
export type GrantSpec = z.infer<typeof Grant>;
export type ExceptionSpec = z.infer<typeof ExceptionEntry>;
