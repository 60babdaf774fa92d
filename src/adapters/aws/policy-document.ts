import type { PolicyDocument } from '../../ports/aws-inventory.js';

/**
 * IAM returns policy documents URL-encoded (RFC 3986) and the JavaScript SDK does not decode them.
 * Secrets Manager returns plain JSON. `what` names the document in the error if it is malformed.
 */
export function decodeIamPolicy(encoded: string, what: string): PolicyDocument {
  let json: string;
  try {
    json = decodeURIComponent(encoded);
  } catch {
    throw new Error(`${what}: IAM returned a policy document that is not URL-encoded`);
  }
  return parsePolicy(json, what);
}

export function parsePolicy(json: string, what: string): PolicyDocument {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new Error(`${what}: the policy document is not valid JSON`);
  }
  if (typeof parsed !== 'object' || parsed === null || !('Statement' in parsed)) {
    throw new Error(`${what}: the policy document has no Statement`);
  }
  return parsed as PolicyDocument;
}
