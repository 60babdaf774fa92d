/**
 * Governance files: what decides how every identity is checked, synthesized and applied. The
 * issue names catalog/, .github/, src/, stacks/ and CODEOWNERS; bin/, the package manifests and
 * .npmrc are added because they decide which code the apply job runs after the merge.
 */
export const GOVERNANCE_PREFIXES = ['catalog/', '.github/', 'src/', 'stacks/', 'bin/'] as const;
export const GOVERNANCE_FILES = ['package.json', 'package-lock.json', '.npmrc'] as const;

/** Paths are repository-relative and `/`-separated; a CODEOWNERS file counts wherever it is. */
export function isGovernancePath(path: string): boolean {
  const normalized = path.replace(/^\/+/, '');
  return (
    GOVERNANCE_PREFIXES.some((prefix) => normalized.startsWith(prefix)) ||
    (GOVERNANCE_FILES as readonly string[]).includes(normalized) ||
    normalized === 'CODEOWNERS' ||
    normalized.endsWith('/CODEOWNERS')
  );
}

/** The teams that must approve a governance change: every governance owner, and the security team. */
export function governanceTeams(policy: { readonly governanceOwners: readonly string[]; readonly securityTeam: string }): string[] {
  const seen = new Set<string>();
  return [...policy.governanceOwners, policy.securityTeam].filter((team) => !seen.has(team.toLowerCase()) && seen.add(team.toLowerCase()));
}

