/**
 * One identity's resources: an IAM role (with a Roles Anywhere profile for a certificate-holding
 * external workload), or for a key-only external workload an IAM user and its empty access-key
 * secret; its policies held exclusively, and its secrets. Addresses derive from the identity name,
 * so deleting a file removes exactly these resources and nothing else moves.
 *
 * No access key is ever a Terraform resource: its secret would be in state in plain text.
 * `gatehouse rotate` mints keys straight into Secrets Manager.
 */
import { Construct } from 'constructs';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role/index.js';
import { IamUser } from '@cdktf/provider-aws/lib/iam-user/index.js';
import { RolesanywhereProfile } from '@cdktf/provider-aws/lib/rolesanywhere-profile/index.js';
import type { DesiredIdentity, DesiredRole, DesiredUser } from '../src/core/desired/index.js';
import { ForgetLegacyAccessKey } from './forget-legacy-key.js';
import { principalPolicies } from './principal-policies.js';
import { reference } from './references.js';
import { identitySecret } from './identity-secret.js';
import { escapeTemplate as tf } from './terraform-escape.js';
import { identityAddress, secretAddress } from './terraform-ids.js';

export class WorkloadIdentity extends Construct {
  constructor(scope: Construct, identity: DesiredIdentity) {
    super(scope, identity.name);
    const address = identityAddress(identity.name);
    const tags = escapedTags(identity.tags);
    const principal = identity.type === 'role' ? this.role(identity, address, tags) : this.user(identity, address, tags);
    principalPolicies(this, { kind: identity.type, address, nameRef: reference(principal, 'name') }, identity, tags);
    for (const secret of identity.secrets) identitySecret(this, { secret, tags, principal });
    if (identity.type === 'role' && identity.rolesAnywhereProfile) this.rolesAnywhereProfile(identity, address, principal, tags);
    if (identity.type === 'user') {
      new ForgetLegacyAccessKey(this, 'forget-legacy-key', [`aws_iam_access_key.${address}`, `aws_secretsmanager_secret_version.${secretAddress(identity.accessKeySecret)}`]);
    }
  }

  /** The profile names only this role, so a session from it can never be of another identity. */
  private rolesAnywhereProfile(identity: DesiredRole, address: string, role: IamRole | IamUser, tags: Record<string, string>): void {
    const profile = identity.rolesAnywhereProfile!;
    const resource = new RolesanywhereProfile(this, 'roles-anywhere-profile', {
      name: tf(profile.name),
      roleArns: [reference(role, 'arn')],
      durationSeconds: profile.durationSeconds,
      enabled: true,
      tags,
    });
    resource.overrideLogicalId(address);
  }

  private role(identity: DesiredRole, address: string, tags: Record<string, string>): IamRole {
    const role = new IamRole(this, 'role', {
      name: tf(identity.name),
      path: tf(identity.path),
      description: identity.description === undefined ? undefined : tf(identity.description),
      assumeRolePolicy: tf(JSON.stringify(identity.trustPolicy)),
      maxSessionDuration: identity.maxSessionDurationSeconds,
      permissionsBoundary: identity.permissionsBoundary === undefined ? undefined : tf(identity.permissionsBoundary),
      // Lets a removed identity be destroyed even if someone attached a policy out of band.
      forceDetachPolicies: true,
      tags,
    });
    role.overrideLogicalId(address);
    return role;
  }

  private user(identity: DesiredUser, address: string, tags: Record<string, string>): IamUser {
    const user = new IamUser(this, 'user', {
      name: tf(identity.name),
      path: tf(identity.path),
      permissionsBoundary: identity.permissionsBoundary === undefined ? undefined : tf(identity.permissionsBoundary),
      // Deletes keys, MFA devices and login profiles made out of band, so removal always succeeds.
      forceDestroy: true,
      tags,
    });
    user.overrideLogicalId(address);
    return user;
  }
}

function escapedTags(tags: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(tags).map(([key, value]) => [tf(key), tf(value)]));
}
