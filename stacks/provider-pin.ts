/**
 * The AWS provider version the prebuilt bindings were generated for, read from the package's own
 * metadata (`cdktf.provider` in @cdktf/provider-aws/package.json) rather than guessed: the
 * resource schemas the constructs emit are exactly that version's, so the stacks pin it.
 */
import { createRequire } from 'node:module';

export interface ProviderPin {
  /** Registry address without the host, e.g. `hashicorp/aws`: Terraform and OpenTofu each resolve it in their own registry. */
  readonly source: string;
  readonly version: string;
  /** The bindings package version, for the summary. */
  readonly bindings: string;
}

interface BindingsPackage {
  readonly version: string;
  readonly cdktf?: { readonly provider?: { readonly name?: string; readonly version?: string } };
}

export function awsProviderPin(): ProviderPin {
  const pkg = createRequire(import.meta.url)('@cdktf/provider-aws/package.json') as BindingsPackage;
  const name = pkg.cdktf?.provider?.name;
  const version = pkg.cdktf?.provider?.version;
  if (name === undefined || version === undefined) {
    throw new Error('@cdktf/provider-aws/package.json has no cdktf.provider name and version: cannot pin the AWS provider');
  }
  return { source: name.replace(/^registry\.terraform\.io\//, ''), version, bindings: pkg.version };
}

/** S3 native state locking (`use_lockfile`) needs Terraform or OpenTofu 1.10. */
const REQUIRED_TERRAFORM_VERSION = '>= 1.10.0';

/**
 * The `terraform` block of every stack, set as a stack override: the Terraform version and the
 * pinned provider (cdktf would write source "aws" and the bindings' version).
 */
export function pinnedTerraformBlock(): { terraform: Record<string, unknown> } {
  const pin = awsProviderPin();
  return { terraform: { required_version: REQUIRED_TERRAFORM_VERSION, required_providers: { aws: { source: pin.source, version: pin.version } } } };
}
