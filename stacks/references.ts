/** References between resources of one stack. */
import type { TerraformResource } from 'cdktf';

/**
 * `${type.address.attribute}` for a resource of the same stack. Written as the Terraform
 * expression directly rather than through a cdktf attribute token: cdktf captures a full stack
 * trace for every token it creates, which dominated synth time at 10,000 identities (bench/synth.ts),
 * and within one stack the expression is all a token would resolve to.
 */
export function reference(resource: TerraformResource, attribute: string): string {
  return `\${${address(resource)}.${attribute}}`;
}

/** `type.address`, as depends_on and expressions name a resource. */
export function address(resource: TerraformResource): string {
  return `${resource.terraformResourceType}.${resource.friendlyUniqueId}`;
}
