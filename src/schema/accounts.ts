import { z } from 'zod';
import { AccountId, ApiVersion, Environment, TeamRef } from './common.js';

const IamArn = z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:(role|policy)\/.+$/, 'an IAM role or policy ARN, arn:aws:iam::<account>:role/<name>');

/**
 * A role or user that lives in the account outside Gatehouse on purpose (created by AWS
 * Organizations, Control Tower, CDK bootstrap, StackSets, a break-glass procedure). Reconcile lists
 * it as known unmanaged instead of reporting it as a shadow identity every day; the reason is
 * required so that every exemption is explained, and reviewed, in git.
 */
export const UnmanagedEntry = z.strictObject({
  /** The IAM name, or a pattern where `*` matches any run of characters: `cdk-hnb659fds-*`. Case-insensitive, as IAM names are. */
  name: z
    .string()
    .regex(/^[A-Za-z0-9+=,.@_*-]{1,64}$/, 'an IAM role or user name (letters, digits and +=,.@_-), where * matches any run of characters')
    .refine((name) => /[^*]/.test(name), 'a pattern of only * would exempt every role and user: name the roles'),
  /** Only roles or only users; both when absent. */
  type: z.enum(['role', 'user']).optional(),
  reason: z.string().trim().min(1, 'say why this role or user may live outside Gatehouse'),
  /** The team accountable for it; findings that still apply (a stale key of a break-glass user) go to this team. */
  owner: TeamRef.optional(),
});

export const Account = z.strictObject({
  id: AccountId,
  environment: Environment,
  region: z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, 'an AWS region such as us-east-1'),
  /** Assumed by the apply job; created once by the bootstrap step. */
  deployRole: IamArn,
  /** Read-only role the reconcile job assumes. */
  readRole: IamArn.optional(),
  /**
   * Role the `gatehouse rotate` job assumes to mint, deactivate and delete the access keys of
   * key-only users and write them to their secrets; the bootstrap creates it.
   */
  keyRotationRole: IamArn.optional(),
  stateBackend: z.strictObject({
    bucket: z.string().min(3),
    key: z.string().min(1).optional(),
    region: z.string().optional(),
  }),
  permissionsBoundary: IamArn.optional(),
  /** EKS clusters in the account, with the issuer of their OIDC provider (no https://). */
  eksClusters: z.record(z.string(), z.strictObject({ oidcIssuer: z.string().regex(/^(?!https?:\/\/)\S+$/, 'the issuer host and path without https://') })).default({}),
  /** Lambda that rotates Secrets Manager secrets; without it, secrets cannot rotate automatically. */
  secretRotationLambda: z.string().regex(/^arn:aws[a-z-]*:lambda:/).optional(),
  /**
   * IAM Roles Anywhere for workloads outside AWS (`workload.external.certificate`): the trust
   * anchor (the CA) their certificates chain to. Roles trust it by ARN, so create it first (the
   * bootstrap does, from `source`) and name it here.
   */
  rolesAnywhere: z
    .strictObject({
      trustAnchorArn: z
        .string()
        .regex(/^arn:aws[a-z-]*:rolesanywhere:[a-z0-9-]+:\d{12}:trust-anchor\/[0-9a-f-]{36}$/, 'a Roles Anywhere trust anchor ARN, arn:aws:rolesanywhere:<region>:<account>:trust-anchor/<uuid>')
        .optional(),
      /** Where the bootstrap's trust anchor takes its CA from: an AWS Private CA, or a PEM bundle of public certificates. */
      source: z
        .union([
          z.strictObject({ acmPcaArn: z.string().regex(/^arn:aws[a-z-]*:acm-pca:[a-z0-9-]+:\d{12}:certificate-authority\/.+$/, 'an AWS Private CA ARN') }),
          z.strictObject({ certificateBundle: z.string().regex(/^-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----\s*$/, 'a PEM bundle of CA certificates (-----BEGIN CERTIFICATE----- …)') }),
        ])
        .optional(),
    })
    .refine((ra) => ra.trustAnchorArn !== undefined || ra.source !== undefined, 'name the trustAnchorArn, or a source for the bootstrap to create the trust anchor from')
    .optional(),
  /** Target systems Gatehouse manages in this account. */
  connectors: z.array(z.enum(['iam', 'secretsmanager'])).default(['iam', 'secretsmanager']),
  /**
   * The most identities one Terraform stack of the account should hold (default 200): synth splits
   * the account into the smallest power-of-two number of shards that keeps them within it.
   */
  shardSize: z.number().int().min(1).max(5000).optional(),
  /** Roles and users Gatehouse does not manage and reconcile should not report as shadows. */
  unmanaged: z.array(UnmanagedEntry).default([]),
}).superRefine((account, context) => {
  // These roles are admitted to the account's state bucket and key, and the trust anchor vends its
  // roles: one in another account would hand that account the state or the roles.
  const own = [['deployRole', account.deployRole], ['readRole', account.readRole], ['keyRotationRole', account.keyRotationRole], ['rolesAnywhere', account.rolesAnywhere?.trustAnchorArn]] as const;
  for (const [field, arn] of own) {
    const owner = arn?.split(':')[4];
    if (arn === undefined || owner === account.id) continue;
    context.addIssue({ code: 'custom', path: field === 'rolesAnywhere' ? [field, 'trustAnchorArn'] : [field], message: `${arn} is in account ${owner}, not in this account (${account.id}): name a role or trust anchor of the account itself` });
  }
});

export const AccountCatalogSchema = z.strictObject({
  apiVersion: ApiVersion,
  kind: z.literal('AccountCatalog'),
  accounts: z.record(z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'account keys are lower-case kebab-case'), Account),
});

export type AccountCatalogDocument = z.infer<typeof AccountCatalogSchema>;
export type AccountSpec = z.infer<typeof Account>;
export type UnmanagedEntrySpec = z.infer<typeof UnmanagedEntry>;
