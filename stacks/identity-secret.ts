/**
 * A Secrets Manager secret of an identity: the secret, a resource policy that lets only the
 * identity read it, and rotation where the account has a rotation function. Never a secret
 * version: a value Terraform writes is a value in Terraform state. An access-key secret is
 * created empty and filled by `gatehouse rotate`.
 */
import type { TerraformResource } from 'cdktf';
import type { Construct } from 'constructs';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret/index.js';
import { SecretsmanagerSecretPolicy } from '@cdktf/provider-aws/lib/secretsmanager-secret-policy/index.js';
import { SecretsmanagerSecretRotation } from '@cdktf/provider-aws/lib/secretsmanager-secret-rotation/index.js';
import type { DesiredSecret } from '../src/core/desired/index.js';
import { address as addressOf, reference } from './references.js';
import { escapeTemplate as tf } from './terraform-escape.js';
import { secretAddress } from './terraform-ids.js';

export interface SecretOptions {
  readonly secret: DesiredSecret;
  readonly tags: Record<string, string>;
  /** The role or user the resource policy names: created first so IAM accepts the principal. */
  readonly principal: TerraformResource;
}

export function identitySecret(scope: Construct, options: SecretOptions): void {
  const { secret } = options;
  const address = secretAddress(secret.name);
  const id = (kind: string) => `${kind}-${address}`;
  const resource = new SecretsmanagerSecret(scope, id('secret'), {
    name: tf(secret.name),
    description: tf(secret.description),
    recoveryWindowInDays: secret.recoveryWindowDays,
    tags: options.tags,
  });
  resource.overrideLogicalId(address);
  const secretArn = reference(resource, 'arn');

  const policy = new SecretsmanagerSecretPolicy(scope, id('policy'), {
    secretArn,
    policy: tf(JSON.stringify(secret.resourcePolicy)),
    blockPublicPolicy: true,
  });
  policy.overrideLogicalId(address);
  // IAM refuses a resource policy naming a principal that does not exist yet. Set as an override
  // rather than dependsOn, which would cost a cdktf token (and a stack trace) per secret.
  policy.addOverride('depends_on', [addressOf(options.principal)]);

  if (secret.rotation) {
    const rotation = new SecretsmanagerSecretRotation(scope, id('rotation'), {
      secretId: secretArn,
      rotationLambdaArn: tf(secret.rotation.lambdaArn),
      rotationRules:
        secret.rotation.scheduleExpression !== undefined
          ? { scheduleExpression: tf(secret.rotation.scheduleExpression) }
          : { automaticallyAfterDays: secret.rotation.automaticallyAfterDays },
    });
    rotation.overrideLogicalId(address);
  }
}
