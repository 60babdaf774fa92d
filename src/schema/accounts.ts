import { z } from 'zod';
import { AccountId, ApiVersion, Environment } from './common.js';

const IamArn = z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:(role|policy)\/.+$/, 'an IAM role or policy ARN, arn:aws:iam::<account>:role/<name>');

export const Account = z.strictObject({
  id: AccountId,
  environment: Environment,
  region: z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, 'an AWS region such as us-east-1'),
  /** Assumed by the apply job; created once by the bootstrap step. */
  deployRole: IamArn,
  /** Read-only role the reconcile job assumes. */
  readRole: IamArn.optional(),
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
  /** Target systems Gatehouse manages in this account. */
  connectors: z.array(z.enum(['iam', 'secretsmanager'])).default(['iam', 'secretsmanager']),
});

export const AccountCatalogSchema = z.strictObject({
  apiVersion: ApiVersion,
  kind: z.literal('AccountCatalog'),
  accounts: z.record(z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'account keys are lower-case kebab-case'), Account),
});

export type AccountCatalogDocument = z.infer<typeof AccountCatalogSchema>;
export type AccountSpec = z.infer<typeof Account>;
