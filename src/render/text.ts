import type { Finding } from '../core/lint/types.js';
import { summarize } from './summary.js';

/** `file:line:col severity ruleId message`: the one way a finding is printed as text. */
export function findingLine(f: Finding): string {
  return `${f.file}:${f.line ?? 1}:${f.column ?? 1} ${f.severity} ${f.ruleId} ${f.message}`;
}

/** One finding per line, then a summary. */
export function renderText(findings: readonly Finding[], identities: number): string {
  const lines = findings.map(findingLine);
  const s = summarize(findings, identities);
  lines.push(`${identities} identities checked: ${s.error} error(s), ${s.warning} warning(s), ${s.info} note(s)`);
  return `${lines.join('\n')}\n`;
}
