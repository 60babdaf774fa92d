/**
 * A unified diff of two texts, line by line, for showing what a regenerated file changes
 * (`gatehouse init --upgrade`). Files here are small (workflows, CODEOWNERS), so a plain
 * longest-common-subsequence table is fast enough and easy to trust.
 */
type Edit = { readonly kind: ' ' | '-' | '+'; readonly line: string };

function edits(before: readonly string[], after: readonly string[]): Edit[] {
  const rows = before.length + 1;
  const cols = after.length + 1;
  // lcs[i * cols + j]: length of the common subsequence of before[i..] and after[j..].
  const lcs = new Uint32Array(rows * cols);
  for (let i = before.length - 1; i >= 0; i--) {
    for (let j = after.length - 1; j >= 0; j--) {
      lcs[i * cols + j] = before[i] === after[j] ? lcs[(i + 1) * cols + j + 1]! + 1 : Math.max(lcs[(i + 1) * cols + j]!, lcs[i * cols + j + 1]!);
    }
  }
  const result: Edit[] = [];
  let i = 0;
  let j = 0;
  while (i < before.length || j < after.length) {
    if (i < before.length && j < after.length && before[i] === after[j]) {
      result.push({ kind: ' ', line: before[i++]! });
      j++;
    } else if (i < before.length && (j === after.length || lcs[(i + 1) * cols + j]! >= lcs[i * cols + j + 1]!)) {
      result.push({ kind: '-', line: before[i++]! });
    } else {
      result.push({ kind: '+', line: after[j++]! });
    }
  }
  return result;
}

const linesOf = (text: string): string[] => (text === '' ? [] : text.replace(/\n$/, '').split('\n'));

/** `--- a/path`, `+++ b/path` and hunks with `context` lines around each change; '' when equal. */
export function unifiedDiff(path: string, before: string | undefined, after: string, context = 3): string {
  if (before === after) return '';
  const all = edits(linesOf(before ?? ''), linesOf(after));
  const changed = all.flatMap((edit, index) => (edit.kind === ' ' ? [] : [index]));
  const hunks: [number, number][] = [];
  for (const index of changed) {
    const start = Math.max(0, index - context);
    const end = Math.min(all.length, index + context + 1);
    const last = hunks.at(-1);
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else hunks.push([start, end]);
  }
  const out = [`--- ${before === undefined ? '/dev/null' : `a/${path}`}`, `+++ b/${path}`];
  for (const [start, end] of hunks) {
    const lineAt = (kind: ' ' | '-' | '+') => all.slice(0, start).filter((e) => e.kind === ' ' || e.kind === kind).length + 1;
    const slice = all.slice(start, end);
    const oldCount = slice.filter((e) => e.kind !== '+').length;
    const newCount = slice.filter((e) => e.kind !== '-').length;
    out.push(`@@ -${oldCount === 0 ? lineAt('-') - 1 : lineAt('-')},${oldCount} +${newCount === 0 ? lineAt('+') - 1 : lineAt('+')},${newCount} @@`);
    for (const edit of slice) out.push(`${edit.kind}${edit.line}`);
  }
  return `${out.join('\n')}\n`;
}
