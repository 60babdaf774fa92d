import { MAX_PATTERN_LENGTH, solveFromEnds } from './pattern-table.js';
/**
 * Whether two patterns, each with `*` (any run of characters) and `?` (one character), can
 * match the same string: the question "may this grant reach that owned resource?" when both
 * sides are written with IAM wildcards. Answered from the table of pattern-table.ts.
 */
export function globsMeet(a: string, b: string): boolean {
  if (a === b || a === '*' || b === '*') return true;
  // Beyond any resource a policy holds: "they may meet" only asks for the owner's review.
  if (a.length > MAX_PATTERN_LENGTH || b.length > MAX_PATTERN_LENGTH) return true;
  return solveFromEnds(a, b, (p, q, next) => {
    if (p === undefined && q === undefined) return true;
    // A star matches nothing, or eats one character (or the other side's token) and stays.
    if (p === '*') return next.down || (q !== undefined && next.right);
    if (q === '*') return next.right || (p !== undefined && next.down);
    if (p === undefined || q === undefined) return false;
    return (p === '?' || q === '?' || p === q) && next.diagonal;
  });
}
