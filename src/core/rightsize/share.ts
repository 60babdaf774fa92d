/**
 * Per owner team, the share of granted actions that were used within the window: the auditor's
 * measure of how far declared access runs ahead of real use. Counted per identity and action
 * (an action granted by two grants of one identity counts once where the proposal lists it).
 */
import type { IdentityProposal } from './decide.js';

export interface TeamUsageShare {
  readonly team: string;
  /** Identities judged (old enough, with usage data). */
  readonly identities: number;
  readonly granted: number;
  readonly used: number;
  /** used / granted, rounded to a whole percent; 100 when nothing is granted. */
  readonly percentUsed: number;
}

export function usageShareByTeam(proposals: readonly IdentityProposal[], ownerOf: (identity: string) => string): TeamUsageShare[] {
  const byTeam = new Map<string, { identities: number; granted: number; used: number }>();
  for (const proposal of proposals) {
    const wildcardUsed = proposal.wildcards.reduce((sum, w) => sum + w.used.length, 0);
    const wildcardUnused = proposal.wildcards.reduce((sum, w) => sum + w.unusedCount, 0);
    const roleUnused = proposal.narrowerRoles.reduce((sum, r) => sum + r.unused.length, 0);
    const used = proposal.keep.length + wildcardUsed;
    const granted = used + proposal.remove.length + wildcardUnused + roleUnused;
    const team = ownerOf(proposal.identity);
    const entry = byTeam.get(team) ?? { identities: 0, granted: 0, used: 0 };
    byTeam.set(team, { identities: entry.identities + 1, granted: entry.granted + granted, used: entry.used + used });
  }
  return [...byTeam.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([team, { identities, granted, used }]) => ({ team, identities, granted, used, percentUsed: granted === 0 ? 100 : Math.round((used / granted) * 100) }));
}
