/**
 * The table both wildcard questions (glob-within, globs-meet) are answered from: a cell for every
 * pair of positions i in `a` and j in `b`, each depending only on its right, lower and diagonal
 * neighbours. Filled from the ends two rows at a time: no recursion for a long pattern to overflow,
 * O(|a|·|b|) time and O(|b|) memory. `p` and `q` are the characters at i and j (undefined past the end).
 */
export type PatternCell = (p: string | undefined, q: string | undefined, next: { readonly right: boolean; readonly down: boolean; readonly diagonal: boolean }) => boolean;

/** Longer than a resource IAM accepts in any policy: callers give such patterns the answer that asks for review. */
export const MAX_PATTERN_LENGTH = 4096;

export function solveFromEnds(a: string, b: string, cell: PatternCell): boolean {
  let below = new Uint8Array(b.length + 2);
  let row = new Uint8Array(b.length + 2);
  for (let i = a.length; i >= 0; i--) {
    const p = i < a.length ? a[i] : undefined;
    for (let j = b.length; j >= 0; j--) {
      const q = j < b.length ? b[j] : undefined;
      row[j] = cell(p, q, { right: row[j + 1] === 1, down: below[j] === 1, diagonal: below[j + 1] === 1 }) ? 1 : 0;
    }
    [below, row] = [row, below];
  }
  return below[0] === 1;
}
