/**
 * The role `gatehouse rotate` runs as in an account (`keyRotationRole`), created by the bootstrap:
 * assumable only by the lifecycle workflow's `gatehouse-rotate` environment, able to manage the
 * access keys of Gatehouse users and to write (never read) Gatehouse secrets.
 */
import { canonicalPolicy } from './canonical.js';
import { GATEHOUSE_PATH } from './desired-state.js';
import { MANAGED_BY_TAG } from './tags.js';
import type { DesiredAccountTarget, IamPolicyDocument } from './types.js';

/** The protected GitHub environment the rotate job runs in; only it may assume the role. */
export const KEY_ROTATION_ENVIRONMENT = 'gatehouse-rotate';

export function keyRotationPolicy(account: DesiredAccountTarget): IamPolicyDocument {
  const users = `arn:${account.partition}:iam::${account.id}:user${GATEHOUSE_PATH}*`;
  const secrets = `arn:${account.partition}:secretsmanager:${account.region}:${account.id}:secret:gatehouse/*`;
  return canonicalPolicy({
    Statement: [
      { Sid: 'GatehouseUserKeys', Effect: 'Allow', Action: ['iam:CreateAccessKey', 'iam:DeleteAccessKey', 'iam:ListAccessKeys', 'iam:UpdateAccessKey'], Resource: users },
      {
        Sid: 'WriteGatehouseKeySecrets',
        Effect: 'Allow',
        Action: ['secretsmanager:DescribeSecret', 'secretsmanager:PutSecretValue'],
        Resource: secrets,
        Condition: { StringEquals: { [`aws:ResourceTag/${MANAGED_BY_TAG.key}`]: MANAGED_BY_TAG.value } },
      },
    ],
  });
}
