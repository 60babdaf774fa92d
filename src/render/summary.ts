import type { Finding, Severity } from '../core/lint/types.js';

export type FindingSummary = Record<Severity, number> & { total: number; files: number; identities: number };

export function summarize(findings: readonly Finding[], identities: number): FindingSummary {
  const counts = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return { ...counts, total: findings.length, files: new Set(findings.map((f) => f.file)).size, identities };
}
