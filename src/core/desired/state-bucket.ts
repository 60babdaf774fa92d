/**
 * The Terraform state bucket's guards, as data for the bootstrap. State lists every identity and
 * its policies (and, before the migration, held access keys in plain text; the bucket keeps old
 * versions), so it is readable only by the roles that need it, encrypted with a key that only
 * they can use, and only over TLS:
 *
 * - the bucket policy denies every object action to every principal but the deploy and read
 *   roles, however broad its own IAM policy (an account administrator included); administrators
 *   keep the bucket's configuration, and may delete old object versions with MFA, which is how
 *   the migration purges versions that held keys;
 * - a customer-managed KMS key with yearly rotation encrypts the objects; its key policy lets the
 *   account administer the key but only the two roles use it (the read role to decrypt), and only
 *   through S3.
 */
import type { DesiredAccountTarget, IamPolicyDocument, IamStatement } from './types.js';
import { canonicalPolicy } from './canonical.js';

export const STATE_KEY_ALIAS = 'alias/gatehouse-state';

/** Every KMS action except those that use the key on data: what administering a key takes. */
const KEY_ADMINISTRATION = [
  'kms:CancelKeyDeletion', 'kms:CreateAlias', 'kms:CreateGrant', 'kms:DeleteAlias', 'kms:DescribeKey', 'kms:DisableKey', 'kms:DisableKeyRotation',
  'kms:EnableKey', 'kms:EnableKeyRotation', 'kms:GetKeyPolicy', 'kms:GetKeyRotationStatus', 'kms:ListAliases', 'kms:ListGrants', 'kms:ListKeyPolicies',
  'kms:ListResourceTags', 'kms:PutKeyPolicy', 'kms:RevokeGrant', 'kms:RotateKeyOnDemand', 'kms:ScheduleKeyDeletion', 'kms:TagResource', 'kms:UntagResource',
  'kms:UpdateAlias', 'kms:UpdateKeyDescription',
];
/** What Terraform's S3 backend needs of the key: S3 asks for a data key to write and decrypts to read. */
const KEY_USE = ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey'];
/** Reading state is all the read role may ever do with it. */
const KEY_READ = ['kms:Decrypt', 'kms:DescribeKey'];

export function stateKeyAliasArn(account: DesiredAccountTarget): string {
  return `arn:${account.partition}:kms:${account.stateBackend.region}:${account.id}:${STATE_KEY_ALIAS}`;
}

export function stateBucketArn(account: DesiredAccountTarget): string {
  return `arn:${account.partition}:s3:::${account.stateBackend.bucket}`;
}

/**
 * Only through S3 in the bucket's region, only from this account. The roles' own S3 permissions
 * reach this bucket's state objects only; an encryption-context pin to the bucket ARN would add
 * little and is not something the independent evaluator the tests use can decide.
 */
function viaS3(account: DesiredAccountTarget): IamStatement['Condition'] {
  return { StringEquals: { 'kms:ViaService': [`s3.${account.stateBackend.region}.amazonaws.com`], 'kms:CallerAccount': [account.id] } };
}

/** `stateRoles`: the deploy role, then the read role when the account has one. */
export function stateBucketPolicy(account: DesiredAccountTarget, stateRoles: readonly string[]): IamPolicyDocument {
  const bucket = stateBucketArn(account);
  const others = { ArnNotEquals: { 'aws:PrincipalArn': stateRoles } };
  return canonicalPolicy({
    Statement: [
      { Sid: 'TlsOnly', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [bucket, `${bucket}/*`], Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
      { Sid: 'OnlyGatehouseRolesTouchState', Effect: 'Deny', Principal: '*', NotAction: 's3:DeleteObjectVersion', Resource: `${bucket}/*`, Condition: others },
      { Sid: 'PurgeVersionsOnlyWithMfa', Effect: 'Deny', Principal: '*', Action: 's3:DeleteObjectVersion', Resource: `${bucket}/*`, Condition: { ...others, BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } },
      // Terraform's S3 backend asks for SSE itself; with any other algorithm the state would not be under the key.
      { Sid: 'OnlyTheStateKey', Effect: 'Deny', Principal: '*', Action: 's3:PutObject', Resource: `${bucket}/*`, Condition: { StringNotEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' }, Null: { 's3:x-amz-server-side-encryption': 'false' } } },
    ],
  });
}

export function stateKeyPolicy(account: DesiredAccountTarget, deployRole: string, readRole: string | undefined): IamPolicyDocument {
  return canonicalPolicy({
    Statement: [
      { Sid: 'AccountAdministersTheKey', Effect: 'Allow', Principal: { AWS: `arn:${account.partition}:iam::${account.id}:root` }, Action: KEY_ADMINISTRATION, Resource: '*' },
      { Sid: 'DeployRoleUsesItThroughS3', Effect: 'Allow', Principal: { AWS: deployRole }, Action: KEY_USE, Resource: '*', Condition: viaS3(account) },
      ...(readRole ? [{ Sid: 'ReadRoleDecryptsThroughS3', Effect: 'Allow', Principal: { AWS: readRole }, Action: KEY_READ, Resource: '*', Condition: viaS3(account) }] : []),
    ],
  });
}

/**
 * The deploy role's use of the state key, for its own policy. The key policy already lets the role
 * use the key; saying it here too keeps the deploy policy a complete list of what the role does.
 * The key's ARN is only known once it exists, so the statement names the account's keys and
 * relies on the conditions (through S3, for this bucket).
 */
export function stateKeyUseStatement(account: DesiredAccountTarget): IamStatement {
  return {
    Sid: 'StateKey',
    Effect: 'Allow',
    Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'],
    Resource: [`arn:${account.partition}:kms:${account.stateBackend.region}:${account.id}:key/*`],
    Condition: viaS3(account),
  };
}
