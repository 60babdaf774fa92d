import type { Finding } from '../core/lint/types.js';

/** GitHub Actions workflow commands: annotations on the PR's files. */
export function renderGithub(findings: readonly Finding[]): string {
  const command = { error: 'error', warning: 'warning', info: 'notice' } as const;
  return findings
    .map((f) => `::${command[f.severity]} file=${escapeProperty(f.file)},line=${f.line ?? 1},col=${f.column ?? 1},title=${escapeProperty(`${f.ruleId}`)}::${escapeData(f.message)}`)
    .join('\n')
    .concat(findings.length ? '\n' : '');
}

// https://github.com/actions/toolkit/blob/main/packages/core/src/command.ts escaping rules.
function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
