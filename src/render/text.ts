import type { Finding } from '../core/lint/types.js';
import { PLAIN, type Palette } from './palette.js';
import { summarize } from './summary.js';

/** `file:line:col severity ruleId message`: the one way a finding is printed as text. */
export function findingLine(f: Finding): string {
  return styledLine(f, PLAIN);
}

function styledLine(f: Finding, palette: Palette): string {
  const outside = f.outsideChange ? palette.dim(' [outside this change: a note, it does not fail it]') : '';
  return `${palette.bold(`${f.file}:${f.line ?? 1}:${f.column ?? 1}`)} ${palette.severity(f.severity, f.severity)} ${f.ruleId} ${f.message}${outside}`;
}

export interface TextOptions {
  readonly palette?: Palette;
  /** Errors only, as eslint's --quiet; the summary still counts everything. */
  readonly quiet?: boolean;
}

/** One finding per line with its fix beneath, then a summary. */
export function renderText(findings: readonly Finding[], identities: number, options: TextOptions = {}): string {
  const palette = options.palette ?? PLAIN;
  const shown = options.quiet ? findings.filter((f) => f.severity === 'error') : findings;
  const lines = shown.flatMap((f) => [styledLine(f, palette), ...(f.fix ? [palette.dim(`    fix: ${f.fix}`)] : [])]);
  const s = summarize(findings, identities);
  lines.push(`${identities} identities checked: ${s.error} error(s), ${s.warning} warning(s), ${s.info} note(s)`);
  return `${lines.join('\n')}\n`;
}
