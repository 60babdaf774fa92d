import type { Finding } from '../core/lint/types.js';
import { summarize } from './summary.js';

export function renderJson(findings: readonly Finding[], identities: number, suppressed: readonly Finding[] = []): string {
  const shape = (f: Finding) => ({
    ruleId: f.ruleId,
    messageId: f.messageId,
    data: f.data,
    path: f.path,
    category: f.category,
    severity: f.severity,
    message: f.message,
    file: f.file,
    line: f.line ?? 1,
    column: f.column ?? 1,
    identity: f.identity ?? null,
    frameworks: f.frameworks,
    fix: f.fix ?? null,
  });
  return `${JSON.stringify({ findings: findings.map(shape), suppressed: suppressed.map(shape), summary: summarize(findings, identities) }, null, 2)}\n`;
}
