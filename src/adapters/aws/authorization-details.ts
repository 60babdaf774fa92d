import {
  paginateGetAccountAuthorizationDetails,
  type IAMClient,
  type ManagedPolicyDetail,
  type RoleDetail,
  type UserDetail,
} from '@aws-sdk/client-iam';
import type { LiveRole, LiveUser, PolicyDocument } from '../../ports/aws-inventory.js';
import { decodeIamPolicy } from './policy-document.js';
import { attachedPolicy, isServiceLinkedPath, isoDate, tagRecord } from './iam-mapping.js';

/** IAM's largest page; 5,000 roles then take a handful of round trips instead of fifty. */
const PAGE_SIZE = 1000;

export type UserWithoutKeys = Omit<LiveUser, 'accessKeys'>;

/**
 * Every role and user of the account with their trust, inline and attached policies, from
 * GetAccountAuthorizationDetails: one paginated call instead of several calls per role.
 * Customer-managed policies come in the same response, so attached documents are resolved locally.
 */
export async function readAuthorizationDetails(iam: IAMClient): Promise<{ roles: LiveRole[]; users: UserWithoutKeys[] }> {
  const roleDetails: RoleDetail[] = [];
  const userDetails: UserDetail[] = [];
  const policyDetails: ManagedPolicyDetail[] = [];
  const pages = paginateGetAccountAuthorizationDetails(
    { client: iam, pageSize: PAGE_SIZE },
    { Filter: ['Role', 'User', 'LocalManagedPolicy'] },
  );
  for await (const page of pages) {
    roleDetails.push(...(page.RoleDetailList ?? []));
    userDetails.push(...(page.UserDetailList ?? []));
    policyDetails.push(...(page.Policies ?? []));
  }
  // A role on one page may attach a policy listed on a later page: resolve after the last page.
  const customerPolicies = defaultVersions(policyDetails);
  return {
    roles: roleDetails.map((detail) => toLiveRole(detail, customerPolicies)),
    users: userDetails.map((detail) => toLiveUser(detail, customerPolicies)),
  };
}

function defaultVersions(policies: readonly ManagedPolicyDetail[]): Map<string, PolicyDocument> {
  const documents = new Map<string, PolicyDocument>();
  for (const policy of policies) {
    const version = policy.PolicyVersionList?.find((candidate) => candidate.IsDefaultVersion);
    if (policy.Arn && version?.Document) {
      documents.set(policy.Arn, decodeIamPolicy(version.Document, `policy ${policy.Arn}`));
    }
  }
  return documents;
}

function toLiveRole(detail: RoleDetail, customerPolicies: ReadonlyMap<string, PolicyDocument>): LiveRole {
  const name = detail.RoleName ?? '';
  const path = detail.Path ?? '/';
  const role: LiveRole = {
    name,
    arn: detail.Arn ?? '',
    path,
    id: detail.RoleId ?? '',
    createDate: isoDate(detail.CreateDate) ?? '',
    tags: tagRecord(detail.Tags),
    trustPolicy: decodeIamPolicy(detail.AssumeRolePolicyDocument ?? '', `trust policy of role ${name}`),
    inlinePolicies: (detail.RolePolicyList ?? []).map((policy) => ({
      name: policy.PolicyName ?? '',
      document: decodeIamPolicy(policy.PolicyDocument ?? '', `inline policy ${policy.PolicyName} of role ${name}`),
    })),
    attachedPolicies: (detail.AttachedManagedPolicies ?? []).map((policy) =>
      attachedPolicy(policy.PolicyArn ?? '', policy.PolicyName ?? '', customerPolicies.get(policy.PolicyArn ?? '')),
    ),
    serviceLinked: isServiceLinkedPath(path),
  };
  const boundary = detail.PermissionsBoundary?.PermissionsBoundaryArn;
  if (boundary !== undefined) role.permissionsBoundaryArn = boundary;
  const lastUsed = isoDate(detail.RoleLastUsed?.LastUsedDate);
  if (lastUsed !== undefined) role.lastUsed = lastUsed;
  return role;
}

function toLiveUser(detail: UserDetail, customerPolicies: ReadonlyMap<string, PolicyDocument>): UserWithoutKeys {
  const name = detail.UserName ?? '';
  return {
    name,
    arn: detail.Arn ?? '',
    path: detail.Path ?? '/',
    createDate: isoDate(detail.CreateDate) ?? '',
    tags: tagRecord(detail.Tags),
    groups: detail.GroupList ?? [],
    inlinePolicies: (detail.UserPolicyList ?? []).map((policy) => ({
      name: policy.PolicyName ?? '',
      document: decodeIamPolicy(policy.PolicyDocument ?? '', `inline policy ${policy.PolicyName} of user ${name}`),
    })),
    attachedPolicies: (detail.AttachedManagedPolicies ?? []).map((policy) =>
      attachedPolicy(policy.PolicyArn ?? '', policy.PolicyName ?? '', customerPolicies.get(policy.PolicyArn ?? '')),
    ),
  };
}
