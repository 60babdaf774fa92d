/** Risk tiers, the score thresholds that map to them, and the order that compares them. */

export const RISK_TIERS = ['low', 'medium', 'high', 'critical'] as const;
export type RiskTier = (typeof RISK_TIERS)[number];

/** The lowest score of each tier above low. */
export const TIER_THRESHOLDS = { medium: 30, high: 60, critical: 90 } as const;

export function tierOfScore(score: number): RiskTier {
  if (score >= TIER_THRESHOLDS.critical) return 'critical';
  if (score >= TIER_THRESHOLDS.high) return 'high';
  if (score >= TIER_THRESHOLDS.medium) return 'medium';
  return 'low';
}

export function tierRank(tier: RiskTier): number {
  return RISK_TIERS.indexOf(tier);
}

export function maxTier(...tiers: readonly RiskTier[]): RiskTier {
  return tiers.reduce<RiskTier>((highest, tier) => (tierRank(tier) > tierRank(highest) ? tier : highest), 'low');
}
