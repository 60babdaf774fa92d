/**
 * Terraform reads every string in `cdk.tf.json` as a template: `${...}` interpolates and `%{...}`
 * is a directive. cdktf passes plain strings through untouched (it neither escapes nor checks
 * them), so a description or an IAM policy variable such as `${aws:username}` would be evaluated
 * by Terraform. Every string that comes from user files goes through `escapeTemplate` exactly
 * once: `${` becomes `$${` and `%{` becomes `%%{`, which Terraform renders back to the original.
 */

/** The markers cdktf uses to encode tokens inside strings (cdktf/lib/tokens/private/encoding.js). */
const CDKTF_TOKEN_MARKER = /[$#&]\{TfToken\[/;

export class UnrenderableStringError extends Error {}

export function escapeTemplate(value: string): string {
  // cdktf would substitute (or fail on) its own token markers even inside an escaped string:
  // such text can only be an attempt to inject a reference, so it is refused, not rendered.
  if (CDKTF_TOKEN_MARKER.test(value)) {
    throw new UnrenderableStringError(`the text ${JSON.stringify(value.slice(0, 80))} contains "{TfToken[", which the Terraform renderer reserves`);
  }
  // Replacement functions, not strings: in a replacement string "$$" means one "$".
  return value.replaceAll('${', () => '$${').replaceAll('%{', () => '%%{');
}

/** What Terraform makes of an escaped string: the inverse of `escapeTemplate`, for tests and for reading a previous synth. */
export function unescapeTemplate(value: string): string {
  return value.replaceAll('$${', () => '${').replaceAll('%%{', () => '%{');
}
