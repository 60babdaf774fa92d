/**
 * Markdown tables for the lifecycle reports and issues. A cell is escaped unless it is `Markdown`
 * built by markdown-escape.ts: user text (and names read from live AWS) cannot break a row,
 * mention a team or inject HTML.
 */
import { cell, codeSpan, type Markdown } from './markdown-escape.js';

export type TableCell = string | number | Markdown | undefined;

export function markdownTable(headers: readonly string[], rows: readonly (readonly TableCell[])[]): string[] {
  return [
    `| ${headers.join(' | ')} |`,
    `| ${headers.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
  ];
}

/** Inline code that survives backticks, pipes and line breaks inside the value. */
export function code(text: string): Markdown {
  return codeSpan(text);
}

/** "1 identity" / "3 identities". */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
