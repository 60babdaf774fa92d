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
    .refine((name) => /[^*]/.test(name), 'a pattern of only * would exempt every role and user: name the roles')
    .describe('The IAM role or user name, or a pattern where `*` matches any run of characters: for example `cdk-hnb659fds-*`. Case-insensitive, as IAM names are.'),
  /** Only roles or only users; both when absent. */
  type: z.enum(['role', 'user']).optional().describe('Only roles (`role`) or only users (`user`); both when absent.'),
  reason: z.string().trim().min(1, 'say why this role or user may live outside Gatehouse').describe('Why it lives outside Gatehouse, reviewed in git: for example `Created by AWS Organizations with the account`.'),
  /** The team accountable for it; findings that still apply (a stale key of a break-glass user) go to this team. */
  owner: TeamRef.optional().describe('The team accountable for it, `@org/team`, for example `@acme/platform`; findings that still apply (a stale key of a break-glass user) go to this team.'),
});

export const Account = z.strictObject({
  id: AccountId.describe('The 12-digit AWS account id, quoted in YAML: for example `"111122223333"`.'),
  environment: Environment,
  region: z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, 'an AWS region such as us-east-1').describe('The AWS region of the account: for example `us-east-1`.'),
  /** Assumed by the apply job; created once by the bootstrap step. */
  deployRole: IamArn.describe('The ARN of the role the apply job assumes, created once by the bootstrap step, in this account: for example `arn:aws:iam::111122223333:role/gatehouse-deploy`.'),
  /** Read-only role the reconcile job assumes. */
  readRole: IamArn.optional().describe('The ARN of the read-only role the reconcile job assumes, in this account.'),
  /**
   * Role the `gatehouse rotate` job assumes to mint, deactivate and delete the access keys of
   * key-only users and write them to their secrets; the bootstrap creates it.
   */
  keyRotationRole: IamArn.optional().describe('The ARN of the role `gatehouse rotate` assumes to mint, deactivate and delete the access keys of key-only users and write them to their secrets; the bootstrap creates it, in this account.'),
  stateBackend: z.strictObject({
    bucket: z.string().min(3).describe('The S3 bucket that holds the account\'s Terraform state: for example `acme-gatehouse-tfstate-prod`.'),
    key: z.string().min(1).optional().describe('The state object key of the account\'s first shard (the other shards\' keys are derived from it); `gatehouse/<account key>.tfstate` when absent.'),
    region: z.string().optional().describe('The region of the state bucket; the account\'s `region` when absent.'),
  }).describe('Where the account\'s Terraform state is kept (S3, with S3-native locking): `{ bucket, key, region }`.'),
  permissionsBoundary: IamArn.optional().describe('The ARN of the IAM policy set as the permissions boundary of every role and user Gatehouse creates in the account: for example `arn:aws:iam::111122223333:policy/gatehouse-workload-boundary`.'),
  /** EKS clusters in the account, with the issuer of their OIDC provider (no https://). */
  eksClusters: z.record(z.string(), z.strictObject({
    oidcIssuer: z.string().regex(/^(?!https?:\/\/)\S+$/, 'the issuer host and path without https://').describe('The issuer of the cluster\'s OIDC provider, host and path without https://: for example `oidc.eks.us-east-1.amazonaws.com/id/5C0F…`.'),
  })).default({}).describe('EKS clusters in the account by name (the `cluster` of an `eks` workload), with the issuer of their OIDC provider.'),
  /** Lambda that rotates Secrets Manager secrets; without it, secrets cannot rotate automatically. */
  secretRotationLambda: z.string().regex(/^arn:aws[a-z-]*:lambda:/).optional().describe('The ARN of the Lambda function that rotates Secrets Manager secrets; without it, secrets cannot rotate automatically.'),
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
        .optional()
        .describe('The ARN of the Roles Anywhere trust anchor, in this account: `arn:aws:rolesanywhere:<region>:<account>:trust-anchor/<uuid>`.'),
      /** Where the bootstrap's trust anchor takes its CA from: an AWS Private CA, or a PEM bundle of public certificates. */
      source: z
        .union([
          z.strictObject({ acmPcaArn: z.string().regex(/^arn:aws[a-z-]*:acm-pca:[a-z0-9-]+:\d{12}:certificate-authority\/.+$/, 'an AWS Private CA ARN').describe('The ARN of the AWS Private CA: `arn:aws:acm-pca:<region>:<account>:certificate-authority/<id>`.') }),
          z.strictObject({ certificateBundle: z.string().regex(/^-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----\s*$/, 'a PEM bundle of CA certificates (-----BEGIN CERTIFICATE----- …)').describe('A PEM bundle of the public CA certificates, `-----BEGIN CERTIFICATE----- …`.') }),
        ])
        .optional()
        .describe('Where the bootstrap\'s trust anchor takes its CA from: `{ acmPcaArn }` (an AWS Private CA) or `{ certificateBundle }` (a PEM bundle).'),
    })
    .refine((ra) => ra.trustAnchorArn !== undefined || ra.source !== undefined, 'name the trustAnchorArn, or a source for the bootstrap to create the trust anchor from')
    .optional()
    .describe('IAM Roles Anywhere for workloads outside AWS (`workload.external.certificate`): the `trustAnchorArn` their certificates chain to, or a `source` for the bootstrap to create it from.'),
  /** Target systems Gatehouse manages in this account. */
  connectors: z.array(z.enum(['iam', 'secretsmanager'])).default(['iam', 'secretsmanager']).describe('The target systems Gatehouse manages in the account: `iam` and `secretsmanager` (both by default).'),
  /**
   * The most identities one Terraform stack of the account should hold (default 200): synth splits
   * the account into the smallest power-of-two number of shards that keeps them within it.
   */
  shardSize: z.number().int().min(1).max(5000).optional().describe('The most identities one Terraform stack of the account should hold, 1 to 5000 (default 200): synth splits the account into the smallest power-of-two number of shards that keeps within it.'),
  /** Roles and users Gatehouse does not manage and reconcile should not report as shadows. */
  unmanaged: z.array(UnmanagedEntry).default([]).describe('Roles and users that live in the account outside Gatehouse on purpose (AWS Organizations, CDK bootstrap, break-glass), each with a reason; reconcile lists them as known instead of reporting them as shadows.'),
}).superRefine((account, context) => {
  // These roles are admitted to the account's state bucket and key, and the trust anchor vends its
  // roles: one in another account would hand that account the state or the roles.
  const own = [['deployRole', account.deployRole], ['readRole', account.readRole], ['keyRotationRole', account.keyRotationRole], ['rolesAnywhere', account.rolesAnywhere?.trustAnchorArn]] as const;
  for (const [field, arn] of own) {
    const owner = arn?.split(':')[4];
    if (arn === undefined || owner === account.id) continue;
    context.addIssue({ code: 'custom', path: field === 'rolesAnywhere' ? [field, 'trustAnchorArn'] : [field], message: `${arn} is in account ${owner}, not in this account (${account.id}): name a role or trust anchor of the account itself` });
  }
}).describe('One AWS account Gatehouse manages identities in.');

export const AccountCatalogSchema = z.strictObject({
  apiVersion: ApiVersion,
  kind: z.literal('AccountCatalog').describe('Always `AccountCatalog`: the account inventory, catalog/accounts.yaml.'),
  accounts: z.record(z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'account keys are lower-case kebab-case'), Account).describe('The accounts by key (lower-case kebab-case, for example `acme-prod`), which identities name in `spec.account`.'),
});

export type AccountCatalogDocument = z.infer<typeof AccountCatalogSchema>;
export type AccountSpec = z.infer<typeof Account>;
export type UnmanagedEntrySpec = z.infer<typeof UnmanagedEntry>;
