/**
 * `removed` blocks (destroy = false) for the access key and the secret version that synth wrote
 * before keys left Terraform. Without them, the first apply after an upgrade would destroy the
 * key a vendor still signs with; with them, Terraform only forgets the key and the vendor keeps
 * working until `gatehouse rotate` replaces it and retires the old one after its grace period.
 * For a stack that never held them they plan nothing.
 */
import { TerraformElement } from 'cdktf';
import type { Construct } from 'constructs';

export class ForgetLegacyAccessKey extends TerraformElement {
  constructor(
    scope: Construct,
    id: string,
    private readonly addresses: readonly string[],
  ) {
    super(scope, id);
  }

  override toTerraform(): Record<string, unknown> {
    return { removed: this.addresses.map((from) => ({ from, lifecycle: { destroy: false } })) };
  }
}
