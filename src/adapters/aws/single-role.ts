import {
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  NoSuchEntityException,
  paginateListAttachedRolePolicies,
  paginateListRolePolicies,
  type AttachedPolicy as SdkAttachedPolicy,
  type IAMClient,
  type Role,
} from '@aws-sdk/client-iam';
import type { AttachedPolicy, InlinePolicy, LiveRole, PolicyDocument } from '../../ports/aws-inventory.js';
import { decodeIamPolicy } from './policy-document.js';
import { attachedPolicy, isAwsManagedPolicy, isServiceLinkedPath, isoDate, tagRecord } from './iam-mapping.js';

/**
 * One role read with the per-role calls, for `gatehouse import`: cheaper than a full
 * GetAccountAuthorizationDetails when only one role is wanted, and it also yields
 * MaxSessionDuration, which the bulk call does not report.
 */
export async function readSingleRole(iam: IAMClient, roleName: string): Promise<LiveRole | undefined> {
  let role: Role | undefined;
  try {
    role = (await iam.send(new GetRoleCommand({ RoleName: roleName }))).Role;
  } catch (error) {
    if (error instanceof NoSuchEntityException) return undefined;
    throw error;
  }
  if (role === undefined) return undefined;
  const [inlinePolicies, attachedPolicies] = await Promise.all([readInlinePolicies(iam, roleName), readAttachedPolicies(iam, roleName)]);
  const path = role.Path ?? '/';
  const live: LiveRole = {
    name: role.RoleName ?? roleName,
    arn: role.Arn ?? '',
    path,
    id: role.RoleId ?? '',
    createDate: isoDate(role.CreateDate) ?? '',
    tags: tagRecord(role.Tags),
    trustPolicy: decodeIamPolicy(role.AssumeRolePolicyDocument ?? '', `trust policy of role ${roleName}`),
    inlinePolicies,
    attachedPolicies,
    serviceLinked: isServiceLinkedPath(path),
  };
  if (role.MaxSessionDuration !== undefined) live.maxSessionDuration = role.MaxSessionDuration;
  const boundary = role.PermissionsBoundary?.PermissionsBoundaryArn;
  if (boundary !== undefined) live.permissionsBoundaryArn = boundary;
  const lastUsed = isoDate(role.RoleLastUsed?.LastUsedDate);
  if (lastUsed !== undefined) live.lastUsed = lastUsed;
  return live;
}

async function readInlinePolicies(iam: IAMClient, roleName: string): Promise<InlinePolicy[]> {
  const names: string[] = [];
  for await (const page of paginateListRolePolicies({ client: iam }, { RoleName: roleName })) {
    names.push(...(page.PolicyNames ?? []));
  }
  return Promise.all(
    names.map(async (name) => {
      const { PolicyDocument: encoded } = await iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: name }));
      return { name, document: decodeIamPolicy(encoded ?? '', `inline policy ${name} of role ${roleName}`) };
    }),
  );
}

async function readAttachedPolicies(iam: IAMClient, roleName: string): Promise<AttachedPolicy[]> {
  const attached: SdkAttachedPolicy[] = [];
  for await (const page of paginateListAttachedRolePolicies({ client: iam }, { RoleName: roleName })) {
    attached.push(...(page.AttachedPolicies ?? []));
  }
  return Promise.all(
    attached.map(async (policy) => {
      const arn = policy.PolicyArn ?? '';
      const document = isAwsManagedPolicy(arn) ? undefined : await defaultVersionDocument(iam, arn);
      return attachedPolicy(arn, policy.PolicyName ?? '', document);
    }),
  );
}

async function defaultVersionDocument(iam: IAMClient, policyArn: string): Promise<PolicyDocument | undefined> {
  const { Policy: policy } = await iam.send(new GetPolicyCommand({ PolicyArn: policyArn }));
  if (!policy?.DefaultVersionId) return undefined;
  const { PolicyVersion: version } = await iam.send(
    new GetPolicyVersionCommand({ PolicyArn: policyArn, VersionId: policy.DefaultVersionId }),
  );
  return version?.Document ? decodeIamPolicy(version.Document, `policy ${policyArn}`) : undefined;
}
