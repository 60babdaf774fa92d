/**
 * Whether every string one pattern matches is also matched by another, both written with IAM
 * wildcards (`*` any run of characters, `?` one character): "is this resource pattern no wider
 * than the approved one?". Sound but not complete: when it answers yes, containment holds; a few
 * contrived equivalent spellings (`a**` within `a*?`) answer no, which only asks for a review.
 * Dynamic programming over both patterns, O(|inner|·|outer|) time and O(|outer|) memory.
 */
export function globWithin(inner: string, outer: string): boolean {
  if (inner === outer || outer === '*') return true;
  // Beyond any resource a policy holds: "not within" only asks for the approver's review.
  if (inner.length > MAX_PATTERN_LENGTH || outer.length > MAX_PATTERN_LENGTH) return false;
  // Row i holds within(i, j) for every j; it needs row i + 1 and its own cell j + 1, so two rows
  // filled from the ends suffice: no recursion for a long pattern to overflow, memory O(|outer|).
  let next = new Uint8Array(outer.length + 1);
  let row = new Uint8Array(outer.length + 1);
  for (let i = inner.length; i >= 0; i--) {
    const p = i < inner.length ? inner[i] : undefined;
    for (let j = outer.length; j >= 0; j--) {
      const q = j < outer.length ? outer[j] : undefined;
      let result: boolean;
      if (p === undefined && q === undefined) result = true;
      // The outer star matches nothing, or absorbs the inner token (a character, `?` or `*`) and stays.
      else if (q === '*') result = row[j + 1] === 1 || (p !== undefined && next[j] === 1);
      else if (p === undefined || q === undefined) result = false;
      // An inner star can be any length: only an outer star covers it.
      else if (p === '*') result = false;
      else if (p === '?') result = q === '?' && next[j + 1] === 1;
      else result = (q === '?' || q === p) && next[j + 1] === 1;
      row[j] = result ? 1 : 0;
    }
    [next, row] = [row, next];
  }
  return next[0] === 1;
}

/** Longer than a resource IAM accepts in any policy: such patterns get the answer that asks for review. */
export const MAX_PATTERN_LENGTH = 4096;
