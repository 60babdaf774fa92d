import { MAX_PATTERN_LENGTH, solveFromEnds } from './pattern-table.js';

/**
 * Whether every string one pattern matches is also matched by another, both written with IAM
 * wildcards (`*` any run of characters, `?` one character): "is this resource pattern no wider
 * than the approved one?". Sound but not complete: when it answers yes, containment holds; a few
 * contrived equivalent spellings (`a**` within `a*?`) answer no, which only asks for a review.
 * Answered from the table of pattern-table.ts.
 */
export function globWithin(inner: string, outer: string): boolean {
  if (inner === outer || outer === '*') return true;
  // Beyond any resource a policy holds: "not within" only asks for the approver's review.
  if (inner.length > MAX_PATTERN_LENGTH || outer.length > MAX_PATTERN_LENGTH) return false;
  return solveFromEnds(inner, outer, (p, q, next) => {
    if (p === undefined && q === undefined) return true;
    // The outer star matches nothing, or absorbs the inner token (a character, `?` or `*`) and stays.
    if (q === '*') return next.right || (p !== undefined && next.down);
    if (p === undefined || q === undefined) return false;
    // An inner star can be any length: only an outer star covers it.
    if (p === '*') return false;
    if (p === '?') return q === '?' && next.diagonal;
    return (q === '?' || q === p) && next.diagonal;
  });
}
