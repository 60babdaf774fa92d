/**
 * What the reconcile and import jobs need to know about a live AWS account, in Gatehouse's own
 * vocabulary. Adapters translate vendor responses into these shapes; nothing here depends on the
 * AWS SDK, so the use cases can be tested with plain objects.
 */
import type { IdentityUsage } from '../core/rightsize/usage.js';

/** An IAM policy document, parsed from JSON (IAM returns documents URL-encoded; adapters decode them). */
export interface PolicyDocument {
  Version?: string;
  Statement: unknown;
  [key: string]: unknown;
}

export interface InlinePolicy {
  name: string;
  document: PolicyDocument;
}

export interface AttachedPolicy {
  arn: string;
  name: string;
  /** Default version of a customer-managed policy; absent for AWS-managed policies. */
  document?: PolicyDocument;
}

export interface LiveRole {
  name: string;
  arn: string;
  path: string;
  id: string;
  /** ISO 8601 timestamps throughout. */
  createDate: string;
  /** Seconds. Only known when the role was read on its own (`readRoleByName`); bulk reads omit it. */
  maxSessionDuration?: number;
  permissionsBoundaryArn?: string;
  tags: Record<string, string>;
  trustPolicy: PolicyDocument;
  inlinePolicies: InlinePolicy[];
  attachedPolicies: AttachedPolicy[];
  /** Absent when IAM has no record of use (never used, or not within its tracking window). */
  lastUsed?: string;
  /** Created and owned by an AWS service (path `/aws-service-role/`); never a shadow identity. */
  serviceLinked: boolean;
}

export interface LiveAccessKey {
  id: string;
  status: 'Active' | 'Inactive';
  createDate: string;
  lastUsed?: string;
}

export interface LiveUser {
  name: string;
  arn: string;
  path: string;
  createDate: string;
  tags: Record<string, string>;
  /** Names of the IAM groups the user belongs to (their policies also apply to the user). */
  groups: string[];
  inlinePolicies: InlinePolicy[];
  attachedPolicies: AttachedPolicy[];
  accessKeys: LiveAccessKey[];
}

export interface LiveSecret {
  name: string;
  arn: string;
  tags: Record<string, string>;
  rotationEnabled: boolean;
  rotationDays?: number;
  lastRotated?: string;
  lastAccessed?: string;
  createdDate?: string;
  /** Only read for the secrets the adapter is configured to inspect. */
  resourcePolicy?: PolicyDocument;
}

export interface AccountInventory {
  accountKey: string;
  roles: LiveRole[];
  users: LiveUser[];
  secrets: LiveSecret[];
}

/** Target systems Gatehouse may manage in an account (see `connectors` in catalog/accounts.yaml). */
export type Connector = 'iam' | 'secretsmanager';

export interface AccountTarget {
  /** Key of the account in catalog/accounts.yaml; used in messages. */
  key: string;
  id: string;
  region: string;
  /** ARN of a read-only role to assume; without it the base credentials read the account directly. */
  readRole?: string;
  /** Systems to read; defaults to all. A system that is not enabled is neither read nor required. */
  connectors?: readonly Connector[];
}

export interface AwsInventoryPort {
  /** Reads every role, user and secret of the account. Throws AccountUnreachableError when it cannot. */
  read(account: AccountTarget): Promise<AccountInventory>;
  /** Reads one role in full (for `gatehouse import`); undefined when it does not exist. */
  readRoleByName(account: AccountTarget, roleName: string): Promise<LiveRole | undefined>;
}

/** IAM's service last-accessed reports (for `gatehouse rightsize`), in the core's vocabulary. */
export interface LastAccessedPort {
  /**
   * The ACTION_LEVEL report of each ARN of the account; an ARN IAM does not know is left out.
   * Throws AccountUnreachableError when the account cannot be read.
   */
  readLastAccessed(account: AccountTarget, arns: readonly string[]): Promise<ReadonlyMap<string, IdentityUsage>>;
}

/**
 * The account could not be read: network failure, refused or expired credentials, missing
 * permissions, or AWS failing after retries. Callers report the account as skipped and carry on
 * with the others. The message is one line that names the account and suggests a fix.
 */
export class AccountUnreachableError extends Error {
  override readonly name = 'AccountUnreachableError';

  constructor(
    readonly accountKey: string,
    message: string,
    /** AWS error code or network error code, for callers that branch on the cause. */
    readonly code?: string,
  ) {
    super(message);
  }
}
