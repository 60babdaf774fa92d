/**
 * Which of many wildcard patterns may meet one more, without asking `globsMeet` about each: a new
 * identity's secrets and workload are checked against every base secret and binding, and a bulk
 * import asks thousands of such questions of a base of tens of thousands.
 *
 * Every string a pattern matches starts with its literal prefix (the text before its first `*`
 * or `?`), so two patterns can meet only if one literal prefix starts the other. The index keeps
 * the patterns by that prefix and returns the ones that pass this test, in the order they were
 * added; `globsMeet` still decides each of them, so the answers are exactly the pairwise ones.
 *
 * A pattern of several parts (a workload binding: issuer, namespace, service account) is keyed by
 * its parts joined with a separator, up to the first part that is not wholly literal: when every
 * part before it matched literally, the separators line up, and the same test holds part by part.
 */
import { MAX_PATTERN_LENGTH } from '../text/pattern-table.js';
import { lowerBound } from '../text/lower-bound.js';

/** Joins literal parts in a key: a part holding it is keyed as if it began with a wildcard. */
const SEPARATOR = '\u0000';

/**
 * The text every match of the pattern starts with. A pattern longer than any policy holds meets
 * everything (globs-meet.ts), so it has none.
 */
export function literalPrefix(pattern: string): string {
  if (pattern.length > MAX_PATTERN_LENGTH) return '';
  const star = pattern.indexOf('*');
  const question = pattern.indexOf('?');
  const end = star < 0 ? question : question < 0 ? star : Math.min(star, question);
  return end < 0 ? pattern : pattern.slice(0, end);
}

/** The key of patterns matched part by part: literal parts and their separators, then the next part's literal prefix. */
export function partsKey(parts: readonly string[]): string {
  let key = '';
  for (const part of parts) {
    if (part.includes(SEPARATOR)) return key;
    const prefix = literalPrefix(part);
    if (prefix !== part) return key + prefix;
    key += part + SEPARATOR;
  }
  return key;
}

export class PatternIndex<T> {
  private readonly byKey = new Map<string, { at: number; value: T }[]>();
  /** Distinct keys, sorted: the keys a query's key starts are a range of them. */
  private readonly keys: string[];
  /** Distinct key lengths, ascending: the only prefixes of a query's key worth looking up. */
  private readonly lengths: number[];

  /** `entries` in the order answers must keep, each with its key (literalPrefix or partsKey). */
  constructor(entries: Iterable<{ readonly key: string; readonly value: T }>) {
    let at = 0;
    for (const { key, value } of entries) {
      const list = this.byKey.get(key);
      if (list) list.push({ at, value });
      else this.byKey.set(key, [{ at, value }]);
      at++;
    }
    this.keys = [...this.byKey.keys()].sort();
    this.lengths = [...new Set(this.keys.map((key) => key.length))].sort((a, b) => a - b);
  }

  /** Every value whose key starts `key` or starts with it, in the order added: a superset of the patterns that can meet. */
  candidates(key: string): T[] {
    const found: { at: number; value: T }[] = [];
    for (const length of this.lengths) {
      if (length >= key.length) break;
      const list = this.byKey.get(key.slice(0, length));
      if (list) found.push(...list);
    }
    for (let index = lowerBound(this.keys, key); index < this.keys.length && this.keys[index]!.startsWith(key); index++) found.push(...this.byKey.get(this.keys[index]!)!);
    return found.sort((a, b) => a.at - b.at).map(({ value }) => value);
  }
}
