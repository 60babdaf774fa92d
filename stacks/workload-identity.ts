/**
 * One identity's resources: an IAM role (or, for an external workload, an IAM user with an access
 * key), its policies held exclusively, and its secrets. Addresses derive from the identity name,
 * so deleting a file removes exactly these resources and nothing else moves.
 */
import { Construct } from 'constructs';
import { IamAccessKey } from '@cdktf/provider-aws/lib/iam-access-key/index.js';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role/index.js';
import { IamUser } from '@cdktf/provider-aws/lib/iam-user/index.js';
import type { DesiredIdentity, DesiredRole, DesiredUser } from '../src/core/desired/index.js';
import { principalPolicies } from './principal-policies.js';
import { reference } from './references.js';
import { identitySecret } from './identity-secret.js';
import { escapeTemplate as tf } from './terraform-escape.js';
import { identityAddress } from './terraform-ids.js';

export class WorkloadIdentity extends Construct {
  constructor(scope: Construct, identity: DesiredIdentity) {
    super(scope, identity.name);
    const address = identityAddress(identity.name);
    const tags = escapedTags(identity.tags);
    const principal = identity.type === 'role' ? this.role(identity, address, tags) : this.user(identity, address, tags);
    principalPolicies(this, { kind: identity.type, address, nameRef: reference(principal, 'name') }, identity, tags);
    const accessKey = identity.type === 'user' ? new IamAccessKey(this, 'access-key', { user: reference(principal, 'name') }) : undefined;
    accessKey?.overrideLogicalId(address);
    for (const secret of identity.secrets) {
      identitySecret(this, { secret, tags, principal, ...(secret.holds === 'access-key' && accessKey ? { accessKey } : {}) });
    }
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
