/**
 * The one-time bootstrap of an account, as data: what must exist before the first Gatehouse stack
 * can be applied (the state bucket, GitHub's OIDC provider, the deploy and read roles, the
 * permissions boundary every workload gets, the rotation function's role). Rendered by
 * stacks/bootstrap and applied once by an administrator; after that, every change goes through
 * pull requests.
 */
import type { AccountSpec } from '../model.js';
import { canonicalPolicy } from './canonical.js';
import { accountTarget, GATEHOUSE_PATH } from './desired-state.js';
import { KEY_ROTATION_ENVIRONMENT, keyRotationPolicy } from './key-rotation-role.js';
import { rolesAnywhereDeployStatements } from './roles-anywhere.js';
import { SECRET_ROTATOR_ROLE } from './secrets.js';
import { STATE_KEY_ALIAS, stateBucketPolicy, stateKeyPolicy, stateKeyUseStatement } from './state-bucket.js';
import { MANAGED_BY_TAG } from './tags.js';
import { GITHUB_OIDC_ISSUER, STS_AUDIENCE } from './trust.js';
import type { DesiredAccountTarget, IamPolicyDocument } from './types.js';

export interface BootstrapOptions {
  /** The Gatehouse repository on GitHub, `org/name`: its workflows assume the deploy and read roles. */
  readonly repository: string;
  /** The protected GitHub environment the apply job runs in; only it may assume the deploy role. */
  readonly applyEnvironment: string;
}

export interface BootstrapRole {
  readonly name: string;
  readonly path: string;
  readonly description: string;
  readonly trustPolicy: IamPolicyDocument;
  readonly policy: IamPolicyDocument;
}

export interface BootstrapAccount {
  readonly account: DesiredAccountTarget;
  readonly stateBucket: { readonly name: string; readonly policy: IamPolicyDocument };
  /** The customer-managed key that encrypts the state bucket (see state-bucket.ts). */
  readonly stateKey: { readonly alias: string; readonly description: string; readonly policy: IamPolicyDocument; readonly deletionWindowDays: number };
  readonly githubOidcProvider: { readonly url: string; readonly audience: string };
  readonly deployRole: BootstrapRole;
  readonly readRole: BootstrapRole | undefined;
  readonly boundary: { readonly name: string; readonly path: string; readonly document: IamPolicyDocument } | undefined;
  readonly rotatorRole: BootstrapRole | undefined;
  /** The role of `gatehouse rotate` (`keyRotationRole`), when the account names one. */
  readonly keyRotationRole: BootstrapRole | undefined;
  /** The Roles Anywhere trust anchor made from the account's `rolesAnywhere.source`; its ARN goes into `rolesAnywhere.trustAnchorArn`. */
  readonly trustAnchor: { readonly name: string; readonly source: { readonly acmPcaArn: string } | { readonly certificateBundle: string } } | undefined;
}

/** `arn:aws:iam::1:role/a/b/name` → path `/a/b/`, name `name`. */
export function roleNameAndPath(arn: string): { name: string; path: string } {
  const resource = arn.split(':').slice(5).join(':').replace(/^(role|policy)\//, '');
  const parts = resource.split('/');
  const name = parts.pop() ?? resource;
  return { name, path: parts.length > 0 ? `/${parts.join('/')}/` : '/' };
}

export function bootstrapAccount(key: string, spec: AccountSpec, options: BootstrapOptions): BootstrapAccount {
  const account = accountTarget(key, spec);
  const iam = `arn:${account.partition}:iam::${account.id}`;
  const github = (subject: string) =>
    canonicalPolicy({
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Federated: `${iam}:oidc-provider/${GITHUB_OIDC_ISSUER}` },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: { StringEquals: { [`${GITHUB_OIDC_ISSUER}:aud`]: STS_AUDIENCE, [`${GITHUB_OIDC_ISSUER}:sub`]: subject } },
        },
      ],
    });
  const bucketArn = `arn:${account.partition}:s3:::${account.stateBackend.bucket}`;
  const stateRoles = [spec.deployRole, ...(spec.readRole ? [spec.readRole] : [])];
  return {
    account,
    stateBucket: { name: account.stateBackend.bucket, policy: stateBucketPolicy(account, stateRoles) },
    stateKey: {
      alias: STATE_KEY_ALIAS,
      description: `Encrypts the Gatehouse Terraform state in ${account.stateBackend.bucket}; only the deploy and read roles may use it (managed by the bootstrap)`,
      policy: stateKeyPolicy(account, spec.deployRole, spec.readRole),
      // The longest window KMS offers: a scheduled deletion of the key would make every state version unreadable.
      deletionWindowDays: 30,
    },
    githubOidcProvider: { url: `https://${GITHUB_OIDC_ISSUER}`, audience: STS_AUDIENCE },
    deployRole: {
      ...roleNameAndPath(spec.deployRole),
      description: 'Gatehouse apply job: creates and destroys the identities of merged changes (managed by the bootstrap)',
      trustPolicy: github(`repo:${options.repository}:environment:${options.applyEnvironment}`),
      policy: deployPolicy(account, spec, iam, bucketArn),
    },
    readRole: spec.readRole
      ? {
          ...roleNameAndPath(spec.readRole),
          description: 'Gatehouse reconcile job: reads IAM and Secrets Manager, never secret values (managed by the bootstrap)',
          trustPolicy: github(`repo:${options.repository}:ref:refs/heads/main`),
          policy: readPolicy(),
        }
      : undefined,
    boundary: spec.permissionsBoundary ? { ...roleNameAndPath(spec.permissionsBoundary), document: boundaryPolicy(bucketArn) } : undefined,
    rotatorRole: spec.secretRotationLambda
      ? {
          name: SECRET_ROTATOR_ROLE,
          path: '/',
          description: `Execution role of the secret rotation function ${spec.secretRotationLambda} (managed by the bootstrap)`,
          trustPolicy: canonicalPolicy({
            Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': account.id } } }],
          }),
          policy: rotatorPolicy(account),
        }
      : undefined,
    keyRotationRole: spec.keyRotationRole
      ? {
          ...roleNameAndPath(spec.keyRotationRole),
          description: 'Gatehouse rotate job: mints and retires access keys of key-only users into their secrets, never reads them (managed by the bootstrap)',
          trustPolicy: github(`repo:${options.repository}:environment:${KEY_ROTATION_ENVIRONMENT}`),
          policy: keyRotationPolicy(account),
        }
      : undefined,
    trustAnchor: spec.rolesAnywhere?.source ? { name: 'gatehouse-workloads', source: spec.rolesAnywhere.source } : undefined,
  };
}

const managed = { StringEquals: { [`aws:ResourceTag/${MANAGED_BY_TAG.key}`]: MANAGED_BY_TAG.value } };

/**
 * What the apply job may do: IAM only under /gatehouse/, new roles and users only with the
 * account's permissions boundary, attachments only of Gatehouse policies, secrets only tagged as
 * Gatehouse's, and its own state object.
 */
function deployPolicy(account: DesiredAccountTarget, spec: AccountSpec, iam: string, bucketArn: string): IamPolicyDocument {
  const roles = `${iam}:role${GATEHOUSE_PATH}*`;
  const users = `${iam}:user${GATEHOUSE_PATH}*`;
  const policies = `${iam}:policy${GATEHOUSE_PATH}*`;
  const boundary = spec.permissionsBoundary ? { StringEquals: { 'iam:PermissionsBoundary': spec.permissionsBoundary } } : undefined;
  const state = `${bucketArn}/${account.stateBackend.key}`;
  return canonicalPolicy({
    Statement: [
      { Sid: 'CreateWithBoundary', Effect: 'Allow', Action: ['iam:CreateRole', 'iam:PutRolePermissionsBoundary', 'iam:CreateUser', 'iam:PutUserPermissionsBoundary'], Resource: [roles, users], Condition: boundary },
      {
        Sid: 'ManageRoles',
        Effect: 'Allow',
        Action: ['iam:GetRole', 'iam:UpdateRole', 'iam:UpdateRoleDescription', 'iam:UpdateAssumeRolePolicy', 'iam:DeleteRole', 'iam:TagRole', 'iam:UntagRole', 'iam:ListRoleTags', 'iam:PutRolePolicy', 'iam:GetRolePolicy', 'iam:DeleteRolePolicy', 'iam:ListRolePolicies', 'iam:DetachRolePolicy', 'iam:ListAttachedRolePolicies', 'iam:ListInstanceProfilesForRole'],
        Resource: roles,
      },
      {
        Sid: 'ManageUsers',
        Effect: 'Allow',
        Action: ['iam:GetUser', 'iam:DeleteUser', 'iam:TagUser', 'iam:UntagUser', 'iam:ListUserTags', 'iam:PutUserPolicy', 'iam:GetUserPolicy', 'iam:DeleteUserPolicy', 'iam:ListUserPolicies', 'iam:DetachUserPolicy', 'iam:ListAttachedUserPolicies', 'iam:CreateAccessKey', 'iam:DeleteAccessKey', 'iam:ListAccessKeys', 'iam:UpdateAccessKey', 'iam:ListGroupsForUser', 'iam:RemoveUserFromGroup', 'iam:ListSigningCertificates', 'iam:DeleteSigningCertificate', 'iam:ListSSHPublicKeys', 'iam:DeleteSSHPublicKey', 'iam:ListServiceSpecificCredentials', 'iam:DeleteServiceSpecificCredential', 'iam:ListMFADevices', 'iam:DeactivateMFADevice', 'iam:GetLoginProfile', 'iam:DeleteLoginProfile'],
        Resource: users,
      },
      { Sid: 'AttachOnlyGatehousePolicies', Effect: 'Allow', Action: ['iam:AttachRolePolicy', 'iam:AttachUserPolicy'], Resource: [roles, users], Condition: { ArnLike: { 'iam:PolicyARN': policies } } },
      {
        Sid: 'ManagePolicies',
        Effect: 'Allow',
        Action: ['iam:CreatePolicy', 'iam:DeletePolicy', 'iam:GetPolicy', 'iam:GetPolicyVersion', 'iam:ListPolicyVersions', 'iam:CreatePolicyVersion', 'iam:DeletePolicyVersion', 'iam:TagPolicy', 'iam:UntagPolicy', 'iam:ListPolicyTags', 'iam:ListEntitiesForPolicy'],
        Resource: policies,
      },
      { Sid: 'KeepBoundaries', Effect: 'Deny', Action: ['iam:DeleteRolePermissionsBoundary', 'iam:DeleteUserPermissionsBoundary'], Resource: '*' },
      { Sid: 'CreateGatehouseSecrets', Effect: 'Allow', Action: ['secretsmanager:CreateSecret', 'secretsmanager:TagResource'], Resource: '*', Condition: { StringEquals: { [`aws:RequestTag/${MANAGED_BY_TAG.key}`]: MANAGED_BY_TAG.value } } },
      {
        Sid: 'ManageGatehouseSecrets',
        Effect: 'Allow',
        Action: ['secretsmanager:DescribeSecret', 'secretsmanager:DeleteSecret', 'secretsmanager:UpdateSecret', 'secretsmanager:GetResourcePolicy', 'secretsmanager:PutResourcePolicy', 'secretsmanager:DeleteResourcePolicy', 'secretsmanager:ValidateResourcePolicy', 'secretsmanager:RotateSecret', 'secretsmanager:CancelRotateSecret', 'secretsmanager:PutSecretValue', 'secretsmanager:GetSecretValue', 'secretsmanager:UntagResource', 'secretsmanager:TagResource', 'secretsmanager:ListSecretVersionIds'],
        Resource: '*',
        Condition: managed,
      },
      { Sid: 'KeepManagedByTag', Effect: 'Deny', Action: 'secretsmanager:UntagResource', Resource: '*', Condition: { 'ForAnyValue:StringEquals': { 'aws:TagKeys': MANAGED_BY_TAG.key } } },
      { Sid: 'ListSecrets', Effect: 'Allow', Action: 'secretsmanager:ListSecrets', Resource: '*' },
      { Sid: 'StateList', Effect: 'Allow', Action: 's3:ListBucket', Resource: bucketArn },
      { Sid: 'StateObject', Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], Resource: [state, `${state}.tflock`] },
      // Added with the customer-managed state key (state-bucket.ts) and the Roles Anywhere profiles (roles-anywhere.ts).
      stateKeyUseStatement(account),
      ...rolesAnywhereDeployStatements(account),
    ],
  });
}

function readPolicy(): IamPolicyDocument {
  return canonicalPolicy({
    Statement: [
      { Sid: 'ReadIam', Effect: 'Allow', Action: ['iam:Get*', 'iam:List*', 'iam:GenerateCredentialReport', 'iam:GenerateServiceLastAccessedDetails'], Resource: '*' },
      // Never secretsmanager:GetSecretValue: reconcile reports on secrets without reading them.
      { Sid: 'DescribeSecrets', Effect: 'Allow', Action: ['secretsmanager:ListSecrets', 'secretsmanager:DescribeSecret', 'secretsmanager:GetResourcePolicy', 'secretsmanager:ListSecretVersionIds'], Resource: '*' },
    ],
  });
}

/** IAM actions that change identities. iam:PassRole, Get* and List* stay possible: deployments pass roles. */
const IAM_WRITES = ['Add', 'Attach', 'Change', 'Create', 'Deactivate', 'Delete', 'Detach', 'Disable', 'Enable', 'Put', 'Remove', 'Reset', 'Resync', 'Set', 'Tag', 'Untag', 'Update', 'Upload'].map((verb) => `iam:${verb}*`);

/** The most any workload identity may ever do, whatever its grants: no identity, account or organization changes, no Gatehouse state. */
function boundaryPolicy(bucketArn: string): IamPolicyDocument {
  return canonicalPolicy({
    Statement: [
      { Sid: 'WithinGrants', Effect: 'Allow', Action: '*', Resource: '*' },
      { Sid: 'NoIdentityManagement', Effect: 'Deny', Action: [...IAM_WRITES, 'organizations:*', 'account:*', 'sso:*', 'identitystore:*'], Resource: '*' },
      { Sid: 'NoGatehouseState', Effect: 'Deny', Action: 's3:*', Resource: [bucketArn, `${bucketArn}/*`] },
    ],
  });
}

function rotatorPolicy(account: DesiredAccountTarget): IamPolicyDocument {
  return canonicalPolicy({
    Statement: [
      {
        Sid: 'RotateGatehouseSecrets',
        Effect: 'Allow',
        Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue', 'secretsmanager:UpdateSecretVersionStage'],
        Resource: '*',
        Condition: managed,
      },
      { Sid: 'RandomValues', Effect: 'Allow', Action: 'secretsmanager:GetRandomPassword', Resource: '*' },
      { Sid: 'Logs', Effect: 'Allow', Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'], Resource: `arn:${account.partition}:logs:${account.region}:${account.id}:log-group:/aws/lambda/*` },
    ],
  });
}
