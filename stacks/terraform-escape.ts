/**
 * Terraform reads every string in `cdk.tf.json` as a template: `${...}` interpolates and `%{...}`
 * is a directive. cdktf passes plain strings through untouched (it neither escapes nor checks
 * them), so a description or an IAM policy variable such as `${aws:username}` would be evaluated
 * by Terraform. Every string that comes from user files goes through `escapeTemplate` exactly
 * once: `${` becomes `$${` and `%{` becomes `%%{`, which Terraform renders back to the original.
 */
import { CDKTF_TOKEN_MARKER } from '../src/core/desired/renderer-reserved.js';

export function escapeTemplate(value: string): string {
  // cdktf would substitute (or fail on) its own token markers even inside an escaped string. The
  // desired state refuses such text where the user wrote it (synth-constraints), so reaching here
  // is a bug in Gatehouse, never a user's mistake: stop rather than render a reference.
  if (CDKTF_TOKEN_MARKER.test(value)) {
    throw new Error(`internal error: the text ${JSON.stringify(value.slice(0, 80))} reached the Terraform renderer with "{TfToken[", which the desired state should have refused (synth-constraints, renderer-reserved-text)`);
  }
  // Replacement functions, not strings: in a replacement string "$$" means one "$".
  return value.replaceAll('${', () => '$${').replaceAll('%{', () => '%%{');
}

/** What Terraform makes of an escaped string: the inverse of `escapeTemplate`, for tests and for reading a previous synth. */
export function unescapeTemplate(value: string): string {
  return value.replaceAll('$${', () => '${').replaceAll('%%{', () => '%{');
}
