/**
 * A role's or user's permissions: its inline policy and managed policies, each held exclusively,
 * so that a policy put or attached out of band is removed on the next apply.
 */
import type { Construct } from 'constructs';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy/index.js';
import { IamRolePoliciesExclusive } from '@cdktf/provider-aws/lib/iam-role-policies-exclusive/index.js';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy/index.js';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment/index.js';
import { IamRolePolicyAttachmentsExclusive } from '@cdktf/provider-aws/lib/iam-role-policy-attachments-exclusive/index.js';
import { IamUserPoliciesExclusive } from '@cdktf/provider-aws/lib/iam-user-policies-exclusive/index.js';
import { IamUserPolicy } from '@cdktf/provider-aws/lib/iam-user-policy/index.js';
import { IamUserPolicyAttachment } from '@cdktf/provider-aws/lib/iam-user-policy-attachment/index.js';
import { IamUserPolicyAttachmentsExclusive } from '@cdktf/provider-aws/lib/iam-user-policy-attachments-exclusive/index.js';
import type { DesiredIdentity } from '../src/core/desired/index.js';
import { reference } from './references.js';
import { escapeTemplate as tf } from './terraform-escape.js';

export interface PolicyTarget {
  readonly kind: 'role' | 'user';
  /** Terraform address part shared by all of the principal's resources. */
  readonly address: string;
  /** An expression naming the role or user, so that Terraform creates it first. */
  readonly nameRef: string;
}

export function principalPolicies(scope: Construct, target: PolicyTarget, identity: DesiredIdentity, tags: Record<string, string>): void {
  const { address, nameRef } = target;
  const inlineNames = identity.inlinePolicies.map((policy) => {
    const config = { name: tf(policy.name), policy: tf(JSON.stringify(policy.document)) };
    const resource = target.kind === 'role' ? new IamRolePolicy(scope, 'inline-policy', { ...config, role: nameRef }) : new IamUserPolicy(scope, 'inline-policy', { ...config, user: nameRef });
    resource.overrideLogicalId(address);
    return reference(resource, 'name');
  });
  const managedArns = identity.managedPolicies.map((policy, index) => {
    const part = `${address}_${index + 1}`;
    const managed = new IamPolicy(scope, `managed-policy-${index + 1}`, {
      name: tf(policy.name),
      path: tf(policy.path),
      description: tf(policy.description),
      policy: tf(JSON.stringify(policy.document)),
      tags,
    });
    managed.overrideLogicalId(part);
    const arn = reference(managed, 'arn');
    // An explicit attachment per policy: Terraform detaches it before destroying the policy.
    const attachment = target.kind === 'role' ? new IamRolePolicyAttachment(scope, `attachment-${index + 1}`, { role: nameRef, policyArn: arn }) : new IamUserPolicyAttachment(scope, `attachment-${index + 1}`, { user: nameRef, policyArn: arn });
    attachment.overrideLogicalId(part);
    return arn;
  });
  const exclusive =
    target.kind === 'role'
      ? [
          new IamRolePoliciesExclusive(scope, 'policies-exclusive', { roleName: nameRef, policyNames: inlineNames }),
          new IamRolePolicyAttachmentsExclusive(scope, 'attachments-exclusive', { roleName: nameRef, policyArns: managedArns }),
        ]
      : [
          new IamUserPoliciesExclusive(scope, 'policies-exclusive', { userName: nameRef, policyNames: inlineNames }),
          new IamUserPolicyAttachmentsExclusive(scope, 'attachments-exclusive', { userName: nameRef, policyArns: managedArns }),
        ];
  for (const resource of exclusive) resource.overrideLogicalId(address);
}
