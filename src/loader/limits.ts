/** Input limits: a repository is untrusted input (any PR can add a file). */
export const LIMITS = {
  /** An identity is a page of YAML; 256 KiB is generous and stops memory abuse. */
  maxFileBytes: 256 * 1024,
  /** The role catalog grows with the organisation. */
  maxCatalogBytes: 4 * 1024 * 1024,
  /** Anchors are legitimate in catalogs; thousands of expansions are an alias bomb. */
  maxAliasCount: 100,
  maxIdentityFiles: 100_000,
} as const;
