/**
 * Whether every string one pattern matches is also matched by another, both written with IAM
 * wildcards (`*` any run of characters, `?` one character): "is this resource pattern no wider
 * than the approved one?". Sound but not complete: when it answers yes, containment holds; a few
 * contrived equivalent spellings (`a**` within `a*?`) answer no, which only asks for a review.
 * Dynamic programming over both patterns, O(|inner|·|outer|).
 */
export function globWithin(inner: string, outer: string): boolean {
  if (inner === outer || outer === '*') return true;
  const width = outer.length + 1;
  const memo = new Int8Array((inner.length + 1) * width); // 0 unknown, 1 yes, 2 no
  const within = (i: number, j: number): boolean => {
    const key = i * width + j;
    if (memo[key] !== 0) return memo[key] === 1;
    const p = i < inner.length ? inner[i] : undefined;
    const q = j < outer.length ? outer[j] : undefined;
    let result: boolean;
    if (p === undefined && q === undefined) result = true;
    // The outer star matches nothing, or absorbs the inner token (a character, `?` or `*`) and stays.
    else if (q === '*') result = within(i, j + 1) || (p !== undefined && within(i + 1, j));
    else if (p === undefined || q === undefined) result = false;
    // An inner star can be any length: only an outer star covers it.
    else if (p === '*') result = false;
    else if (p === '?') result = q === '?' && within(i + 1, j + 1);
    else result = (q === '?' || q === p) && within(i + 1, j + 1);
    memo[key] = result ? 1 : 2;
    return result;
  };
  return within(0, 0);
}
