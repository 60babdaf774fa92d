/** The risk of a whole pull request: the riskiest identity change it makes, and which ones drive it. */
import type { RiskAssessment } from './score.js';
import { tierRank, type RiskTier } from './tiers.js';

export interface ScoredChange {
  readonly name: string;
  readonly risk: RiskAssessment;
}

export interface PullRequestRisk {
  readonly tier: RiskTier;
  /** The highest identity score. */
  readonly score: number;
  /** The identities at the pull request's tier, riskiest first. */
  readonly drivers: readonly { readonly name: string; readonly tier: RiskTier; readonly score: number }[];
}

export function assessPullRequest(changes: readonly ScoredChange[]): PullRequestRisk {
  const ranked = [...changes].sort(
    (a, b) => tierRank(b.risk.tier) - tierRank(a.risk.tier) || b.risk.score - a.risk.score || a.name.localeCompare(b.name),
  );
  const top = ranked[0];
  if (!top) return { tier: 'low', score: 0, drivers: [] };
  return {
    tier: top.risk.tier,
    score: Math.max(...changes.map((change) => change.risk.score)),
    drivers: ranked.filter((change) => change.risk.tier === top.risk.tier).map(({ name, risk }) => ({ name, tier: risk.tier, score: risk.score })),
  };
}
