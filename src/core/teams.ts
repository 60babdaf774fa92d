/**
 * GitHub team references ("@org/team") compare case-insensitively, as GitHub itself does.
 * Lint, approvals, CODEOWNERS and reconcile's owner routing all ask this one question.
 */

/** The team as the list spells it, or undefined when the list does not name it. */
export function findTeam(teams: readonly string[], team: string | undefined): string | undefined {
  const wanted = team?.trim().toLowerCase();
  return wanted ? teams.find((known) => known.toLowerCase() === wanted) : undefined;
}

/** The team as the policy spells it, when it is one of the teams that may own identities. */
export function policyTeam(policy: { readonly teams: readonly string[] }, team: string | undefined): string | undefined {
  return findTeam(policy.teams, team);
}
