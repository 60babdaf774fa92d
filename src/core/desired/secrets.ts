/**
 * Secrets Manager secrets an identity owns, and the secret that receives an external identity's
 * access key. Each carries a resource policy that lets the identity read it and denies reading
 * to every other principal, however broad its own IAM policy.
 */
import type { AccountSpec, SourcedIdentity } from '../model.js';
import { principalType } from '../model.js';
import { durationDays } from '../time.js';
import { canonicalPolicy } from './canonical.js';
import { IAM_LIMITS, secretNameProblem, secretNameWarning } from './iam-limits.js';
import { constraint, type ConstraintReport } from './messages.js';
import type { DesiredAccountTarget, DesiredRotation, DesiredSecret, IamPolicyDocument, ProblemSink } from './types.js';

/** Execution role the bootstrap creates for the account's rotation function (see README). */
export const SECRET_ROTATOR_ROLE = 'gatehouse-secret-rotator';

const READ = ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'];

/**
 * `readers` may read the secret value; every other principal is denied it. The deny is what keeps
 * an administrator with secretsmanager:* in the account from reading a workload's credentials.
 */
export function secretResourcePolicy(owner: string, readers: readonly string[]): IamPolicyDocument {
  return canonicalPolicy({
    Statement: [
      { Sid: 'OwnerReads', Effect: 'Allow', Principal: { AWS: owner }, Action: READ, Resource: '*' },
      {
        Sid: 'OthersDenied',
        Effect: 'Deny',
        Principal: '*',
        Action: 'secretsmanager:GetSecretValue',
        Resource: '*',
        Condition: { ArnNotEquals: { 'aws:PrincipalArn': [owner, ...readers] } },
      },
    ],
  });
}

export function recoveryWindowDays(account: AccountSpec): number {
  // Production secrets keep the longest window Secrets Manager offers, to undo a mistaken deletion.
  return account.environment === 'prod' ? 30 : 7;
}

export type RotationResult = { readonly rotation: DesiredRotation } | { readonly problem: ConstraintReport } | { readonly note: string } | { readonly none: true };

export function secretRotation(name: string, rotateEvery: string | undefined, account: AccountSpec, accountKey: string): RotationResult {
  if (rotateEvery === undefined) return { none: true };
  if (account.secretRotationLambda === undefined) {
    return { note: `secret "${name}" will not rotate: account "${accountKey}" names no secretRotationLambda in catalog/accounts.yaml` };
  }
  if (rotateEvery.endsWith('h')) {
    const hours = Number(rotateEvery.slice(0, -1));
    if (hours < 4) return { problem: constraint('rotation-too-frequent', { secret: name, every: rotateEvery }) };
    return { rotation: { lambdaArn: account.secretRotationLambda, scheduleExpression: `rate(${hours} hours)` } };
  }
  const days = durationDays(rotateEvery);
  if (days > 1000) return { problem: constraint('rotation-too-rare', { secret: name, every: rotateEvery }) };
  return { rotation: { lambdaArn: account.secretRotationLambda, automaticallyAfterDays: days } };
}

export function rotatorRoleArn(partition: string, accountId: string): string {
  return `arn:${partition}:iam::${accountId}:role/${SECRET_ROTATOR_ROLE}`;
}

export function accessKeySecretName(identity: string): string {
  return `gatehouse/${identity}/access-key`;
}

/** The secrets an identity owns, plus the access-key secret of an external one, sorted by name. */
export function identitySecrets(
  identity: SourcedIdentity,
  target: DesiredAccountTarget,
  account: AccountSpec,
  ownerArn: string,
  tags: Readonly<Record<string, string>>,
  problem: ProblemSink,
  notes: string[],
): DesiredSecret[] {
  const { doc } = identity;
  const recoveryWindow = recoveryWindowDays(account);
  const rotator = account.secretRotationLambda ? [rotatorRoleArn(target.partition, target.id)] : [];
  const secrets: DesiredSecret[] = doc.spec.secrets.map((secret, index) => {
    const path = ['spec', 'secrets', index];
    problem(secretNameProblem(secret.name), [...path, 'name']);
    const warning = secretNameWarning(secret.name);
    if (warning) notes.push(warning);
    if (secret.description !== undefined && secret.description.length > IAM_LIMITS.secretDescriptionLength) {
      problem(constraint('secret-description-length', { length: secret.description.length, max: IAM_LIMITS.secretDescriptionLength }), [...path, 'description']);
    }
    const rotation = secretRotation(secret.name, secret.rotateEvery, account, doc.spec.account);
    if ('problem' in rotation) problem(rotation.problem, [...path, 'rotateEvery']);
    if ('note' in rotation) notes.push(rotation.note);
    return {
      name: secret.name,
      holds: 'owned',
      description: secret.description ?? `Secret of ${doc.metadata.name} (managed by Gatehouse)`,
      // The rotation function must read the current value to replace it.
      resourcePolicy: secretResourcePolicy(ownerArn, rotator),
      ...('rotation' in rotation ? { rotation: rotation.rotation } : {}),
      recoveryWindowDays: recoveryWindow,
      tags,
    };
  });
  if (principalType(doc) === 'user') {
    secrets.push({
      name: accessKeySecretName(doc.metadata.name),
      holds: 'access-key',
      description: `Access key of the IAM user ${doc.metadata.name} for ${doc.spec.workload.external?.system ?? 'an external system'} (managed by Gatehouse)`,
      // Terraform creates the secret empty and never reads it; `gatehouse rotate` writes each key
      // with PutSecretValue, which this deny does not cover. Only the user itself reads the key.
      resourcePolicy: secretResourcePolicy(ownerArn, []),
      recoveryWindowDays: recoveryWindow,
      tags,
    });
  }
  return secrets.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
