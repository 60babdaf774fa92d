/**
 * The one-time bootstrap stack of an account (see src/core/desired/bootstrap.ts for what and
 * why). An administrator applies it with their own credentials; its state stays local, since the
 * bucket that will hold Gatehouse state does not exist until this stack creates it.
 */
import { LocalBackend, TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider/index.js';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy/index.js';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy/index.js';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role/index.js';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias/index.js';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key/index.js';
import { RolesanywhereTrustAnchor } from '@cdktf/provider-aws/lib/rolesanywhere-trust-anchor/index.js';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider/index.js';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls/index.js';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy/index.js';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block/index.js';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration/index.js';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning/index.js';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket/index.js';
import { MANAGED_BY_TAG, type BootstrapAccount, type BootstrapRole } from '../../src/core/desired/index.js';
import { pinnedTerraformBlock } from '../provider-pin.js';
import { reference } from '../references.js';
import { escapeTemplate as tf } from '../terraform-escape.js';

export class BootstrapStack extends TerraformStack {
  readonly overrides: Record<string, unknown>;

  constructor(scope: Construct, bootstrap: BootstrapAccount) {
    const { account } = bootstrap;
    super(scope, `bootstrap-${account.key}`);
    this.overrides = pinnedTerraformBlock();
    this.addOverride('terraform', this.overrides.terraform);
    new LocalBackend(this, { path: 'terraform.tfstate' });
    new AwsProvider(this, 'aws', {
      region: tf(account.stateBackend.region),
      allowedAccountIds: [account.id],
      defaultTags: [{ tags: { [MANAGED_BY_TAG.key]: 'gatehouse-bootstrap' } }],
    });

    const bucket = new S3Bucket(this, 'state-bucket', { bucket: tf(bootstrap.stateBucket.name) });
    const bucketId = reference(bucket, 'id');
    new S3BucketVersioningA(this, 'state-versioning', { bucket: bucketId, versioningConfiguration: { status: 'Enabled' } });
    new S3BucketPublicAccessBlock(this, 'state-public-access', { bucket: bucketId, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
    new S3BucketOwnershipControls(this, 'state-ownership', { bucket: bucketId, rule: { objectOwnership: 'BucketOwnerEnforced' } });
    new S3BucketPolicy(this, 'state-policy', { bucket: bucketId, policy: tf(JSON.stringify(bootstrap.stateBucket.policy)) });

    const oidc = new IamOpenidConnectProvider(this, 'github-oidc', { url: tf(bootstrap.githubOidcProvider.url), clientIdList: [tf(bootstrap.githubOidcProvider.audience)] });
    if (bootstrap.boundary) {
      new IamPolicy(this, 'workload-boundary', {
        name: tf(bootstrap.boundary.name),
        path: tf(bootstrap.boundary.path),
        description: 'Permissions boundary of every Gatehouse workload identity (managed by the bootstrap)',
        policy: tf(JSON.stringify(bootstrap.boundary.document)),
      });
    }
    // The deploy and read roles trust GitHub's provider: created after it.
    const stateRoles: IamRole[] = [];
    for (const [id, role] of [['deploy-role', bootstrap.deployRole], ['read-role', bootstrap.readRole], ['rotator-role', bootstrap.rotatorRole], ['key-rotation-role', bootstrap.keyRotationRole]] as const) {
      if (!role) continue;
      const created = this.role(id, role, id === 'rotator-role' ? [] : [oidc]);
      if (id === 'deploy-role' || id === 'read-role') stateRoles.push(created);
    }
    this.stateKey(bootstrap, bucketId, stateRoles);
    if (bootstrap.trustAnchor) this.trustAnchor(bootstrap.trustAnchor);
  }

  /** Created here, once, because every certificate workload's trust names its ARN (an output, for catalog/accounts.yaml). */
  private trustAnchor(anchor: NonNullable<BootstrapAccount['trustAnchor']>): void {
    const source =
      'acmPcaArn' in anchor.source
        ? { sourceType: 'AWS_ACM_PCA', sourceData: { acmPcaArn: tf(anchor.source.acmPcaArn) } }
        : { sourceType: 'CERTIFICATE_BUNDLE', sourceData: { x509CertificateData: tf(anchor.source.certificateBundle) } };
    const resource = new RolesanywhereTrustAnchor(this, 'trust-anchor', { name: tf(anchor.name), enabled: true, source });
    new TerraformOutput(this, 'trust_anchor_arn', { value: reference(resource, 'arn'), description: 'Set rolesAnywhere.trustAnchorArn of this account in catalog/accounts.yaml to this value' });
  }

  /** The customer-managed key of the state bucket: its policy names the deploy and read roles, so KMS needs them first. */
  private stateKey(bootstrap: BootstrapAccount, bucketId: string, stateRoles: readonly IamRole[]): void {
    const key = new KmsKey(this, 'state-key', {
      description: tf(bootstrap.stateKey.description),
      enableKeyRotation: true,
      deletionWindowInDays: bootstrap.stateKey.deletionWindowDays,
      policy: tf(JSON.stringify(bootstrap.stateKey.policy)),
      dependsOn: [...stateRoles],
    });
    new KmsAlias(this, 'state-key-alias', { name: tf(bootstrap.stateKey.alias), targetKeyId: reference(key, 'key_id') });
    new S3BucketServerSideEncryptionConfigurationA(this, 'state-encryption', {
      bucket: bucketId,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: reference(key, 'arn') }, bucketKeyEnabled: true }],
    });
  }

  private role(id: string, desired: BootstrapRole, after: readonly IamOpenidConnectProvider[]): IamRole {
    const role = new IamRole(this, id, {
      name: tf(desired.name),
      path: tf(desired.path),
      description: tf(desired.description),
      assumeRolePolicy: tf(JSON.stringify(desired.trustPolicy)),
      maxSessionDuration: 3600,
      ...(after.length > 0 ? { dependsOn: [...after] } : {}),
    });
    new IamRolePolicy(this, `${id}-policy`, { name: 'gatehouse', role: reference(role, 'name'), policy: tf(JSON.stringify(desired.policy)) });
    return role;
  }
}
