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
import { allProviderCalls, type CallTarget } from './provider-calls.js';
import { stateObjectPatterns } from './shards.js';
import { GITHUB_OIDC_ISSUER, STS_AUDIENCE } from './trust.js';
import type { DesiredAccountTarget, IamPolicyDocument } from './types.js';

export interface BootstrapOptions {
  /** The Gatehouse repository on GitHub, `org/name`: its workflows assume the deploy and read roles. */
  readonly repository: string;
}

/** The workflow whose jobs may assume the deploy role, and the only ref they may run from. */
export const APPLY_WORKFLOW = '.github/workflows/apply.yml';
export const APPLY_REF = 'refs/heads/main';
const claim = (name: string) => `${GITHUB_OIDC_ISSUER}:${name}`;

/**
 * The claims GitHub puts in the OIDC token of an apply job (a job with `environment:`), as the
 * deploy role's trust requires them: the subject names the job's environment (GitHub then leaves
 * the ref out of the subject), so the ref and the workflow file are pinned by their own claims,
 * which AWS STS evaluates for GitHub since January 2026. A job of another workflow, another
 * branch, a pull request or another environment differs in at least one of them.
 */
export function applyJobClaims(repository: string, environment: string): Record<string, string> {
  return mainJobClaims(repository, environment, APPLY_WORKFLOW);
}

/** The same claims for a job of `workflow` on main in `environment`. */
export function mainJobClaims(repository: string, environment: string, workflow: string): Record<string, string> {
  return {
    [claim('aud')]: STS_AUDIENCE,
    [claim('sub')]: `repo:${repository}:environment:${environment}`,
    [claim('environment')]: environment,
    [claim('ref')]: APPLY_REF,
    [claim('job_workflow_ref')]: `${repository}/${workflow}@${APPLY_REF}`,
  };
}

export const LIFECYCLE_WORKFLOW = '.github/workflows/lifecycle.yml';
/**
 * The environment the reconcile job runs in: it holds the App's private key, and only main may
 * deploy to it (setup-github). The read role trusts a job of lifecycle.yml on main in it.
 */
export const APP_KEY_ENVIRONMENT = 'gatehouse-app';

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
  const github = (claims: Record<string, string>) =>
    canonicalPolicy({
      Statement: [{ Effect: 'Allow', Principal: { Federated: `${iam}:oidc-provider/${GITHUB_OIDC_ISSUER}` }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: claims } }],
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
      description: `Gatehouse apply job of ${APPLY_REF} in the ${account.environment} environment: creates and destroys the identities of merged changes (managed by the bootstrap)`,
      // Exactly the apply job of main for this account's environment (the matrix entry's `environment`).
      trustPolicy: github(applyJobClaims(options.repository, account.environment)),
      policy: deployPolicy(account, spec, iam, bucketArn),
    },
    readRole: spec.readRole
      ? {
          ...roleNameAndPath(spec.readRole),
          description: 'Gatehouse reconcile job: reads IAM and Secrets Manager, never secret values (managed by the bootstrap)',
          // The reconcile job of lifecycle.yml on main, with its own OIDC token (the job runs in the
          // App key's environment, so its subject names that environment, never a ref).
          trustPolicy: github(mainJobClaims(options.repository, APP_KEY_ENVIRONMENT, LIFECYCLE_WORKFLOW)),
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
          // Only the rotate job of lifecycle.yml on main, in the protected gatehouse-rotate environment.
          trustPolicy: github(mainJobClaims(options.repository, KEY_ROTATION_ENVIRONMENT, LIFECYCLE_WORKFLOW)),
          policy: keyRotationPolicy(account),
        }
      : undefined,
    trustAnchor: spec.rolesAnywhere?.source ? { name: 'gatehouse-workloads', source: spec.rolesAnywhere.source } : undefined,
  };
}

const managed = { StringEquals: { [`aws:ResourceTag/${MANAGED_BY_TAG.key}`]: MANAGED_BY_TAG.value } };

/** The Sid of the statement that grants each kind of call (see provider-calls.ts). */
const STATEMENT_OF: Readonly<Record<CallTarget, string>> = {
  'new-principal': 'CreateWithBoundary',
  'attach-policy': 'AttachOnlyGatehousePolicies',
  role: 'ManageRoles',
  user: 'ManageUsers',
  policy: 'ManagePolicies',
  'new-secret': 'CreateGatehouseSecrets',
  secret: 'ManageGatehouseSecrets',
  'rotation-function': 'InvokeRotationFunction',
  account: 'AccountWideReads',
  'roles-anywhere-profile': 'ManageRolesAnywhereProfiles',
  'instance-profile': 'NeverGranted',
  group: 'NeverGranted',
  'mfa-device': 'NeverGranted',
};

/**
 * What the apply job may do, generated from the calls the AWS provider makes for the resource types
 * the stacks emit (provider-calls.ts): IAM only under /gatehouse/, new roles and users only with the
 * account's permissions boundary, attachments only of Gatehouse policies, secrets only tagged as
 * Gatehouse's, the rotation function only to start a rotation, and its own state objects.
 */
function deployPolicy(account: DesiredAccountTarget, spec: AccountSpec, iam: string, bucketArn: string): IamPolicyDocument {
  const roles = `${iam}:role${GATEHOUSE_PATH}*`;
  const users = `${iam}:user${GATEHOUSE_PATH}*`;
  const policies = `${iam}:policy${GATEHOUSE_PATH}*`;
  const secrets = `arn:${account.partition}:secretsmanager:${account.region}:${account.id}:secret:*`;
  const boundary = spec.permissionsBoundary ? { StringEquals: { 'iam:PermissionsBoundary': spec.permissionsBoundary } } : undefined;
  const scope: Readonly<Record<CallTarget, { Resource: string | string[]; Condition?: Record<string, Record<string, string>> } | undefined>> = {
    'new-principal': { Resource: [roles, users], ...(boundary ? { Condition: boundary } : {}) },
    'attach-policy': { Resource: [roles, users], Condition: { ArnLike: { 'iam:PolicyARN': policies } } },
    role: { Resource: roles },
    user: { Resource: users },
    policy: { Resource: policies },
    'new-secret': { Resource: secrets, Condition: { StringEquals: { [`aws:RequestTag/${MANAGED_BY_TAG.key}`]: MANAGED_BY_TAG.value } } },
    secret: { Resource: secrets, Condition: managed },
    // No rotation function, nothing to invoke: no statement.
    'rotation-function': spec.secretRotationLambda ? { Resource: spec.secretRotationLambda } : undefined,
    account: { Resource: '*' },
    // Granted by rolesAnywhereDeployStatements below, limited to profiles tagged as Gatehouse's.
    'roles-anywhere-profile': undefined,
    // Only calls with notGranted reach these (provider-calls.ts says why): no statement.
    'instance-profile': undefined,
    group: undefined,
    'mfa-device': undefined,
  };
  const actions = new Map<CallTarget, Set<string>>();
  for (const call of allProviderCalls()) {
    if (call.notGranted !== undefined) continue;
    const set = actions.get(call.on) ?? new Set<string>();
    actions.set(call.on, set.add(call.action));
  }
  const granted = [...actions].flatMap(([target, set]) => {
    const where = scope[target];
    return where ? [{ Sid: STATEMENT_OF[target], Effect: 'Allow' as const, Action: [...set], ...where }] : [];
  });
  return canonicalPolicy({
    Statement: [
      ...granted,
      { Sid: 'KeepBoundaries', Effect: 'Deny', Action: ['iam:DeleteRolePermissionsBoundary', 'iam:DeleteUserPermissionsBoundary'], Resource: '*' },
      { Sid: 'KeepManagedByTag', Effect: 'Deny', Action: 'secretsmanager:UntagResource', Resource: '*', Condition: { 'ForAnyValue:StringEquals': { 'aws:TagKeys': MANAGED_BY_TAG.key } } },
      { Sid: 'StateList', Effect: 'Allow', Action: 's3:ListBucket', Resource: bucketArn },
      { Sid: 'StateObject', Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], Resource: stateObjectPatterns(account.stateBackend.key).map((key) => `${bucketArn}/${key}`) },
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
