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
  return suggestionData(input, candidates).suggestion;
}

/**
 * "did you mean" as message data: `suggestion` is the sentence a template appends as `{{suggestion}}` (empty when
 * nothing is close), `suggested` the candidate alone for machines. `shown` writes the candidate as the user would.
 */
export function suggestionData(input: string, candidates: Iterable<string>, shown: (match: string) => string = (match) => match): { readonly suggestion: string; readonly suggested?: string } {
  const match = suggest(input, candidates);
  if (match === undefined) return { suggestion: '' };
  const suggested = shown(match);
  return { suggestion: ` Did you mean "${suggested}"?`, suggested };
}
