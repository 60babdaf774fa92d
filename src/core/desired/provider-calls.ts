/**
 * The AWS API calls the Terraform AWS provider (hashicorp/aws 6.x) makes for each resource type a
 * Gatehouse stack can emit, read from the provider's source (internal/service/iam/*.go,
 * internal/service/secretsmanager/*.go): create, read (every plan refreshes), update and delete.
 * The deploy role's policy is generated from this table (bootstrap.ts), and a test fails when
 * synth emits a resource type the table does not list, so a new construct cannot ship with a
 * deploy role that is denied half-way through an apply.
 *
 * `on` says which resources a call touches, and so which statement of the deploy policy grants it:
 *   new-principal   creating a role or user, or setting its boundary: only with the account's boundary
 *   attach-policy   attaching a policy to a role or user: only a policy under /gatehouse/
 *   role | user | policy   IAM entities under /gatehouse/
 *   new-secret      creating or tagging a secret: only with the Gatehouse managed-by tag in the request
 *   secret          a secret that carries the Gatehouse managed-by tag
 *   rotation-function   the account's rotation Lambda (RotateSecret invokes it with the caller's rights)
 *   account         calls IAM authorizes only on "*" (listing every virtual MFA device)
 *   roles-anywhere-profile   an IAM Roles Anywhere profile of the account (maps certificates to roles;
 *                   the role's own trust still decides who may assume it)
 *   instance-profile | group | mfa-device   other IAM entities, reached only to undo out-of-band changes
 *
 * A call with `notGranted` is one the provider makes only to undo something done out of band, where
 * granting it would reach beyond Gatehouse's own resources; the reason says what happens instead.
 */

export type CallTarget = 'new-principal' | 'attach-policy' | 'role' | 'user' | 'policy' | 'new-secret' | 'secret' | 'rotation-function' | 'account' | 'roles-anywhere-profile' | 'instance-profile' | 'group' | 'mfa-device';

export interface ProviderCall {
  readonly action: string;
  readonly on: CallTarget;
  /** Why the deploy role does not get this call, when it does not. */
  readonly notGranted?: string;
}

export interface ResourceCalls {
  readonly create: readonly ProviderCall[];
  readonly read: readonly ProviderCall[];
  readonly update: readonly ProviderCall[];
  readonly delete: readonly ProviderCall[];
}

const on =
  (target: CallTarget) =>
  (...actions: string[]): ProviderCall[] =>
    actions.map((action) => ({ action, on: target }));
const role = on('role');
const user = on('user');
const policy = on('policy');
const secret = on('secret');

const OUT_OF_BAND_INSTANCE_PROFILE = 'only for an instance profile someone added the role to out of band; granting it would let the apply job empty any instance profile of the account, so the destroy fails instead and reconcile reports the drift';
const OUT_OF_BAND_GROUP = 'only for a group someone added the user to out of band; granting it would let the apply job change any group, so the destroy fails instead and reconcile reports the drift';
const OUT_OF_BAND_MFA = 'only for a virtual MFA device someone assigned to the user out of band; IAM authorizes it on the device, not the user, so granting it would reach every MFA device of the account: the destroy fails instead and reconcile reports the drift';

/** Reading a role's inline and managed policies: aws_iam_role reads them for its deprecated inline_policy and managed_policy_arns. */
const ROLE_POLICY_READS = role('iam:ListRolePolicies', 'iam:GetRolePolicy', 'iam:ListAttachedRolePolicies');

export const PROVIDER_CALLS: Readonly<Record<string, ResourceCalls>> = {
  aws_iam_role: {
    // CreateRole with tags needs iam:TagRole as well.
    create: [...on('new-principal')('iam:CreateRole'), ...role('iam:TagRole', 'iam:GetRole'), ...ROLE_POLICY_READS],
    read: [...role('iam:GetRole', 'iam:ListRoleTags'), ...ROLE_POLICY_READS],
    update: [
      ...role('iam:UpdateAssumeRolePolicy', 'iam:UpdateRoleDescription', 'iam:UpdateRole', 'iam:TagRole', 'iam:UntagRole'),
      ...on('new-principal')('iam:PutRolePermissionsBoundary'),
    ],
    // force_detach_policies: every attached and inline policy goes before DeleteRole.
    delete: [
      ...role('iam:ListInstanceProfilesForRole', 'iam:ListAttachedRolePolicies', 'iam:DetachRolePolicy', 'iam:ListRolePolicies', 'iam:DeleteRolePolicy', 'iam:DeleteRole'),
      { action: 'iam:RemoveRoleFromInstanceProfile', on: 'instance-profile', notGranted: OUT_OF_BAND_INSTANCE_PROFILE },
    ],
  },
  aws_iam_role_policy: {
    create: role('iam:PutRolePolicy', 'iam:GetRolePolicy'),
    read: role('iam:GetRolePolicy'),
    update: role('iam:PutRolePolicy'),
    delete: role('iam:DeleteRolePolicy'),
  },
  aws_iam_role_policy_attachment: {
    create: [...on('attach-policy')('iam:AttachRolePolicy'), ...role('iam:ListAttachedRolePolicies')],
    read: role('iam:ListAttachedRolePolicies'),
    update: [],
    delete: role('iam:DetachRolePolicy'),
  },
  aws_iam_role_policies_exclusive: {
    create: role('iam:ListRolePolicies', 'iam:DeleteRolePolicy'),
    read: role('iam:ListRolePolicies'),
    update: role('iam:ListRolePolicies', 'iam:DeleteRolePolicy'),
    delete: [],
  },
  aws_iam_role_policy_attachments_exclusive: {
    create: role('iam:ListAttachedRolePolicies', 'iam:DetachRolePolicy'),
    read: role('iam:ListAttachedRolePolicies'),
    update: role('iam:ListAttachedRolePolicies', 'iam:DetachRolePolicy'),
    delete: [],
  },
  aws_iam_policy: {
    create: policy('iam:CreatePolicy', 'iam:TagPolicy', 'iam:GetPolicy', 'iam:GetPolicyVersion'),
    read: policy('iam:GetPolicy', 'iam:GetPolicyVersion', 'iam:ListPolicyTags'),
    // A new version per document change; the oldest non-default one goes when five exist.
    update: policy('iam:CreatePolicyVersion', 'iam:ListPolicyVersions', 'iam:DeletePolicyVersion', 'iam:TagPolicy', 'iam:UntagPolicy'),
    delete: policy('iam:ListPolicyVersions', 'iam:DeletePolicyVersion', 'iam:DeletePolicy'),
  },
  aws_iam_user: {
    create: [...on('new-principal')('iam:CreateUser'), ...user('iam:TagUser', 'iam:GetUser')],
    read: user('iam:GetUser', 'iam:ListUserTags'),
    update: [...user('iam:UpdateUser', 'iam:TagUser', 'iam:UntagUser'), ...on('new-principal')('iam:PutUserPermissionsBoundary')],
    // force_destroy: inline and attached policies, keys, SSH keys, MFA devices, login profile,
    // signing certificates and service credentials all go before DeleteUser.
    delete: [
      ...user(
        'iam:ListGroupsForUser',
        'iam:ListUserPolicies',
        'iam:DeleteUserPolicy',
        'iam:ListAttachedUserPolicies',
        'iam:DetachUserPolicy',
        'iam:ListAccessKeys',
        'iam:DeleteAccessKey',
        'iam:ListSSHPublicKeys',
        'iam:DeleteSSHPublicKey',
        'iam:ListMFADevices',
        'iam:DeactivateMFADevice',
        'iam:DeleteLoginProfile',
        'iam:ListSigningCertificates',
        'iam:DeleteSigningCertificate',
        'iam:ListServiceSpecificCredentials',
        'iam:DeleteServiceSpecificCredential',
        'iam:DeleteUser',
      ),
      // Listed even when the user has none: without it every user destroy fails.
      ...on('account')('iam:ListVirtualMFADevices'),
      { action: 'iam:RemoveUserFromGroup', on: 'group', notGranted: OUT_OF_BAND_GROUP },
      { action: 'iam:DeleteVirtualMFADevice', on: 'mfa-device', notGranted: OUT_OF_BAND_MFA },
    ],
  },
  aws_iam_user_policy: {
    create: user('iam:PutUserPolicy', 'iam:GetUserPolicy'),
    read: user('iam:GetUserPolicy'),
    update: user('iam:PutUserPolicy'),
    delete: user('iam:DeleteUserPolicy'),
  },
  aws_iam_user_policy_attachment: {
    create: [...on('attach-policy')('iam:AttachUserPolicy'), ...user('iam:ListAttachedUserPolicies')],
    read: user('iam:ListAttachedUserPolicies'),
    update: [],
    delete: user('iam:DetachUserPolicy'),
  },
  aws_iam_user_policies_exclusive: {
    create: user('iam:ListUserPolicies', 'iam:DeleteUserPolicy'),
    read: user('iam:ListUserPolicies'),
    update: user('iam:ListUserPolicies', 'iam:DeleteUserPolicy'),
    delete: [],
  },
  aws_iam_user_policy_attachments_exclusive: {
    create: user('iam:ListAttachedUserPolicies', 'iam:DetachUserPolicy'),
    read: user('iam:ListAttachedUserPolicies'),
    update: user('iam:ListAttachedUserPolicies', 'iam:DetachUserPolicy'),
    delete: [],
  },
  aws_iam_access_key: {
    create: user('iam:CreateAccessKey', 'iam:ListAccessKeys'),
    read: user('iam:ListAccessKeys'),
    update: user('iam:UpdateAccessKey'),
    delete: user('iam:DeleteAccessKey'),
  },
  aws_secretsmanager_secret: {
    // CreateSecret with tags needs secretsmanager:TagResource as well; the policy is read back on every refresh.
    create: [...on('new-secret')('secretsmanager:CreateSecret', 'secretsmanager:TagResource'), ...secret('secretsmanager:DescribeSecret', 'secretsmanager:GetResourcePolicy')],
    read: secret('secretsmanager:DescribeSecret', 'secretsmanager:GetResourcePolicy'),
    update: secret('secretsmanager:UpdateSecret', 'secretsmanager:TagResource', 'secretsmanager:UntagResource', 'secretsmanager:PutResourcePolicy', 'secretsmanager:DeleteResourcePolicy'),
    delete: secret('secretsmanager:DeleteSecret', 'secretsmanager:DescribeSecret'),
  },
  aws_secretsmanager_secret_policy: {
    create: secret('secretsmanager:PutResourcePolicy', 'secretsmanager:GetResourcePolicy'),
    read: secret('secretsmanager:GetResourcePolicy'),
    update: secret('secretsmanager:PutResourcePolicy'),
    delete: secret('secretsmanager:DeleteResourcePolicy'),
  },
  aws_secretsmanager_secret_rotation: {
    // RotateSecret invokes the rotation function with the caller's permissions.
    create: [...secret('secretsmanager:RotateSecret', 'secretsmanager:DescribeSecret'), ...on('rotation-function')('lambda:InvokeFunction')],
    read: secret('secretsmanager:DescribeSecret'),
    update: [...secret('secretsmanager:RotateSecret'), ...on('rotation-function')('lambda:InvokeFunction')],
    delete: secret('secretsmanager:CancelRotateSecret'),
  },
  aws_secretsmanager_secret_version: {
    create: secret('secretsmanager:PutSecretValue', 'secretsmanager:GetSecretValue'),
    read: secret('secretsmanager:GetSecretValue'),
    update: secret('secretsmanager:ListSecretVersionIds', 'secretsmanager:UpdateSecretVersionStage'),
    delete: secret('secretsmanager:UpdateSecretVersionStage', 'secretsmanager:GetSecretValue'),
  },
  aws_rolesanywhere_profile: {
    // CreateProfile and ListTagsForResource authorize only on "*"; the tags are read separately from the profile.
    // The profile calls are granted only for profiles tagged as Gatehouse's (roles-anywhere.ts); listing
    // tags is read-only and IAM authorizes it on * only.
    create: [...on('roles-anywhere-profile')('rolesanywhere:CreateProfile', 'rolesanywhere:TagResource', 'rolesanywhere:GetProfile'), ...on('account')('rolesanywhere:ListTagsForResource')],
    read: [...on('roles-anywhere-profile')('rolesanywhere:GetProfile'), ...on('account')('rolesanywhere:ListTagsForResource')],
    update: on('roles-anywhere-profile')('rolesanywhere:UpdateProfile', 'rolesanywhere:EnableProfile', 'rolesanywhere:DisableProfile', 'rolesanywhere:TagResource', 'rolesanywhere:UntagResource'),
    delete: on('roles-anywhere-profile')('rolesanywhere:DeleteProfile'),
  },
};

/** Every call of every resource type, once each, in table order. */
export function allProviderCalls(types: Iterable<string> = Object.keys(PROVIDER_CALLS)): ProviderCall[] {
  const seen = new Map<string, ProviderCall>();
  for (const type of types) {
    const calls = PROVIDER_CALLS[type];
    if (!calls) continue;
    for (const call of [...calls.create, ...calls.read, ...calls.update, ...calls.delete]) seen.set(`${call.on} ${call.action}`, call);
  }
  return [...seen.values()];
}
