/**
 * Terraform addresses of Gatehouse resources, derived from names only (never from positions), so
 * adding or removing one identity never moves another in state: `aws_iam_role.payments-api`.
 */

/** A Terraform identifier starts with a letter or "_" and holds letters, digits, "_" and "-". */
export function identityAddress(name: string): string {
  return /^[A-Za-z_]/.test(name) ? name : `_${name}`;
}

/**
 * A secret's address: its name with other characters replaced, plus a short hash of the exact
 * name when anything was replaced, so that `a/b` and `a_b` never share an address.
 */
export function secretAddress(name: string): string {
  const slug = name.replace(/[^A-Za-z0-9_-]/g, '_');
  const address = slug === name ? slug : `${slug}_${fnv1a(name)}`;
  return identityAddress(address);
}

function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}
