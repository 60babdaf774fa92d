/**
 * One Terraform stack per shard of an AWS account (see src/core/desired/shards.ts): its own state
 * (S3 with native locking), the AWS provider refusing any other account, and the identities of the
 * shard. A shard with no identities still gets its stack, so deleting its last identity destroys it.
 *
 * Neither the provider nor the backend assumes a role: the apply job already holds the deploy role
 * (configure-aws-credentials exchanged its OIDC token for it), and AWS denies a role assuming
 * itself unless its own trust names it. Both use the job's credentials as they are.
 *
 * Every stack records the commit it was applied from in its state (the `applied_commit` output of
 * the required `commit` variable), so the apply job can refuse a commit older than the last one
 * applied to the shard.
 */
import { S3Backend, TerraformOutput, TerraformStack, TerraformVariable } from 'cdktf';
import type { Construct } from 'constructs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider/index.js';
import { MANAGED_BY_TAG, stateKeyAliasArn, type DesiredShard } from '../src/core/desired/index.js';
import { pinnedTerraformBlock } from './provider-pin.js';
import { escapeTemplate as tf } from './terraform-escape.js';
import { WorkloadIdentity } from './workload-identity.js';

export const APPLIED_COMMIT_VARIABLE = 'commit';
export const APPLIED_COMMIT_OUTPUT = 'applied_commit';

export class ShardStack extends TerraformStack {
  /** Stack-level overrides (the terraform block), applied with addOverride and kept for stackJson. */
  readonly overrides: Record<string, unknown>;

  constructor(scope: Construct, shard: DesiredShard) {
    const { account } = shard;
    super(scope, shard.stack);
    this.overrides = pinnedTerraformBlock();
    this.addOverride('terraform', this.overrides.terraform);

    const backend = new S3Backend(this, {
      bucket: tf(account.stateBackend.bucket),
      key: tf(shard.stateKey),
      region: tf(account.stateBackend.region),
      encrypt: true,
    });
    // cdktf 0.21's S3BackendConfig predates use_lockfile (Terraform 1.10): set it as an override.
    backend.addOverride('use_lockfile', true);
    // With encrypt alone the backend asks S3 for AES256; the bucket policy admits only the state key (bootstrap).
    backend.addOverride('kms_key_id', tf(stateKeyAliasArn(account)));

    new AwsProvider(this, 'aws', {
      region: tf(account.region),
      allowedAccountIds: [account.id],
      defaultTags: [{ tags: { [MANAGED_BY_TAG.key]: MANAGED_BY_TAG.value } }],
    });

    // No default: an apply that does not say which commit it applies is refused by Terraform.
    const commit = new TerraformVariable(this, APPLIED_COMMIT_VARIABLE, { type: 'string', description: 'The git commit this apply comes from (the apply job passes GITHUB_SHA)', nullable: false });
    new TerraformOutput(this, APPLIED_COMMIT_OUTPUT, { value: commit.value, description: 'The git commit of the last apply of this shard' });

    // Nothing here can refuse an identity: the desired state has checked all of it already.
    for (const identity of [...shard.roles, ...shard.users]) new WorkloadIdentity(this, identity);
  }
}
