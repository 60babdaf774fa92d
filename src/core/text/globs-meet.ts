import { MAX_PATTERN_LENGTH } from './glob-within.js';
/**
 * Whether two patterns, each with `*` (any run of characters) and `?` (one character), can
 * match the same string: the question "may this grant reach that owned resource?" when both
 * sides are written with IAM wildcards. Dynamic programming over both patterns, O(|a|·|b|) time, O(|b|) memory.
 */
export function globsMeet(a: string, b: string): boolean {
  if (a === b || a === '*' || b === '*') return true;
  // Beyond any resource a policy holds: "they may meet" only asks for the owner's review.
  if (a.length > MAX_PATTERN_LENGTH || b.length > MAX_PATTERN_LENGTH) return true;
  // Two rows filled from the ends, as in globWithin: no recursion, memory O(|b|).
  let next = new Uint8Array(b.length + 1);
  let row = new Uint8Array(b.length + 1);
  for (let i = a.length; i >= 0; i--) {
    const p = i < a.length ? a[i] : undefined;
    for (let j = b.length; j >= 0; j--) {
      const q = j < b.length ? b[j] : undefined;
      let result: boolean;
      if (p === undefined && q === undefined) result = true;
      // A star matches nothing, or eats one character (or the other side's token) and stays.
      else if (p === '*') result = next[j] === 1 || (q !== undefined && row[j + 1] === 1);
      else if (q === '*') result = row[j + 1] === 1 || (p !== undefined && next[j] === 1);
      else if (p === undefined || q === undefined) result = false;
      else result = (p === '?' || q === '?' || p === q) && next[j + 1] === 1;
      row[j] = result ? 1 : 0;
    }
    [next, row] = [row, next];
  }
  return next[0] === 1;
}
