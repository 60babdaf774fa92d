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
  return suggestionData(input, candidates).didYouMean;
}

/**
 * The same suggestion as message data: `suggestion` for machines (absent when nothing is close)
 * and `didYouMean`, the sentence a template appends (empty when nothing is close), so that one
 * message id covers both cases and a finding keeps its id when a near name appears in the catalog.
 * `qualify` turns the match into what the user should write (e.g. `s3:` + action name).
 */
export function suggestionData(input: string, candidates: Iterable<string>, qualify: (match: string) => string = (m) => m): { didYouMean: string; suggestion?: string } {
  const match = suggest(input, candidates);
  if (match === undefined) return { didYouMean: '' };
  const suggestion = qualify(match);
  return { didYouMean: ` Did you mean "${suggestion}"?`, suggestion };
}
