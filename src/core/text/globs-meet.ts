/**
 * Whether two patterns, each with `*` (any run of characters) and `?` (one character), can
 * match the same string: the question "may this grant reach that owned resource?" when both
 * sides are written with IAM wildcards. Dynamic programming over both patterns, O(|a|·|b|).
 */
export function globsMeet(a: string, b: string): boolean {
  if (a === b || a === '*' || b === '*') return true;
  const width = b.length + 1;
  const memo = new Int8Array((a.length + 1) * width); // 0 unknown, 1 yes, 2 no
  const meet = (i: number, j: number): boolean => {
    const key = i * width + j;
    if (memo[key] !== 0) return memo[key] === 1;
    const p = i < a.length ? a[i] : undefined;
    const q = j < b.length ? b[j] : undefined;
    let result: boolean;
    if (p === undefined && q === undefined) result = true;
    // A star matches nothing, or eats one character (or the other side's token) and stays.
    else if (p === '*') result = meet(i + 1, j) || (q !== undefined && meet(i, j + 1));
    else if (q === '*') result = meet(i, j + 1) || (p !== undefined && meet(i + 1, j));
    else if (p === undefined || q === undefined) result = false;
    else result = (p === '?' || q === '?' || p === q) && meet(i + 1, j + 1);
    memo[key] = result ? 1 : 2;
    return result;
  };
  return meet(0, 0);
}
