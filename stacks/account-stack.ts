/**
 * One Terraform stack per AWS account: its own state (S3 with native locking), the AWS provider
 * assuming the account's deploy role and refusing any other account, and every identity of it.
 * An account with no identities still gets its stack, so deleting its last identity destroys it.
 */
import { S3Backend, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider/index.js';
import { MANAGED_BY_TAG, stateKeyAliasArn, type DesiredAccount } from '../src/core/desired/index.js';
import { pinnedTerraformBlock } from './provider-pin.js';
import { escapeTemplate as tf, UnrenderableStringError } from './terraform-escape.js';
import { WorkloadIdentity } from './workload-identity.js';

export interface RenderProblem {
  readonly identity: string;
  readonly file: string;
  readonly message: string;
}

export class AccountStack extends TerraformStack {
  /** Identities whose text could not be rendered; synth must stop if there are any. */
  readonly problems: RenderProblem[] = [];
  /** Stack-level overrides (the terraform block), applied with addOverride and kept for stackJson. */
  readonly overrides: Record<string, unknown>;

  constructor(scope: Construct, desired: DesiredAccount) {
    const { account } = desired;
    super(scope, account.key);
    this.overrides = pinnedTerraformBlock();
    this.addOverride('terraform', this.overrides.terraform);

    const backend = new S3Backend(this, {
      bucket: tf(account.stateBackend.bucket),
      key: tf(account.stateBackend.key),
      region: tf(account.stateBackend.region),
      encrypt: true,
      assumeRole: { roleArn: tf(account.deployRole) },
    });
    // cdktf 0.21's S3BackendConfig predates use_lockfile (Terraform 1.10): set it as an override.
    backend.addOverride('use_lockfile', true);
    // With encrypt alone the backend asks S3 for AES256; the bucket policy admits only the state key (bootstrap).
    backend.addOverride('kms_key_id', tf(stateKeyAliasArn(account)));

    new AwsProvider(this, 'aws', {
      region: tf(account.region),
      allowedAccountIds: [account.id],
      assumeRole: [{ roleArn: tf(account.deployRole), sessionName: 'gatehouse-apply' }],
      defaultTags: [{ tags: { [MANAGED_BY_TAG.key]: MANAGED_BY_TAG.value } }],
    });

    for (const identity of [...desired.roles, ...desired.users]) {
      try {
        new WorkloadIdentity(this, identity);
      } catch (error) {
        if (!(error instanceof UnrenderableStringError)) throw error;
        this.problems.push({ identity: identity.name, file: identity.file, message: error.message });
      }
    }
  }
}
