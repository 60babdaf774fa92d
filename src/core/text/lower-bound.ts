/** The first index of a sorted array whose value is not below `key` (the array's length when none is). */
export function lowerBound<T extends number | string>(sorted: ArrayLike<T>, key: T): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle]! < key) low = middle + 1;
    else high = middle;
  }
  return low;
}
