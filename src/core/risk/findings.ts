/**
 * What lint knows, in the risk score. Every error a rule reports on a changed identity raises its
 * risk by the rule's category, whether or not an exception suppresses it: an exception decides
 * whether lint blocks the merge, never how much review the access deserves. Categories that
 * describe what the identity can do or who can become it set a floor of high, so that the
 * security team sees them; the rest add points. A new rule is scored by its category with no
 * change here, and an unknown category scores as the riskiest.
 */
import type { Category } from '../lint/types.js';
import type { RiskTier } from './tiers.js';

/** One lint error on the identity as it would exist. */
export interface RiskFinding {
  readonly rule: string;
  readonly category: Category;
  readonly message: string;
  /** True when an exception of the identity suppresses it in lint. */
  readonly suppressed: boolean;
}

export interface CategoryWeight {
  readonly points: number;
  readonly floor?: RiskTier;
  /** How the reason names it. */
  readonly label: string;
}

export const CATEGORY_RISK: Readonly<Record<Category, CategoryWeight>> = {
  'privilege-escalation': { points: 40, floor: 'high', label: 'privilege-escalation path' },
  trust: { points: 30, floor: 'high', label: 'trust policy problem' },
  isolation: { points: 30, floor: 'high', label: 'isolation breach (cross-account or prod/non-prod)' },
  'least-privilege': { points: 20, floor: 'high', label: 'least-privilege violation' },
  credentials: { points: 20, floor: 'high', label: 'credential problem' },
  reuse: { points: 20, floor: 'high', label: 'shared name or workload' },
  exception: { points: 15, label: 'invalid exception' },
  'unknown-action': { points: 10, label: 'unknown action or malformed ARN' },
  lifecycle: { points: 10, label: 'lifecycle problem' },
  ownership: { points: 10, label: 'ownership problem' },
  schema: { points: 10, label: 'schema problem' },
};

const UNKNOWN_CATEGORY: CategoryWeight = { points: 40, floor: 'high', label: 'error of an unscored category' };

export function categoryWeight(category: string): CategoryWeight {
  return (CATEGORY_RISK as Readonly<Record<string, CategoryWeight>>)[category] ?? UNKNOWN_CATEGORY;
}
