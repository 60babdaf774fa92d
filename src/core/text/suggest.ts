import { closest, distance } from 'fastest-levenshtein';

/** "did you mean" for a misspelt key: the closest candidate, when it is plausibly a typo. */
export function suggest(input: string, candidates: Iterable<string>): string | undefined {
  const list = [...candidates];
  if (list.length === 0) return undefined;
  const lower = input.toLowerCase();
  const best = closest(lower, list.map((c) => c.toLowerCase()));
  const limit = Math.max(2, Math.floor(lower.length / 3));
  if (distance(lower, best) > limit) return undefined;
  return list.find((c) => c.toLowerCase() === best);
}

export function didYouMean(input: string, candidates: Iterable<string>): string {
  const match = suggest(input, candidates);
  return match === undefined ? '' : ` Did you mean "${match}"?`;
}
