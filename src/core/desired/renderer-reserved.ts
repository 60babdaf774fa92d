/**
 * Text the Terraform renderer cannot write. cdktf encodes its tokens inside strings as
 * `${TfToken[...]}` (also `#{` and `&{`, cdktf/lib/tokens/private/encoding.js) and substitutes
 * them even inside an escaped string, so a user string holding one would be rendered as a reference
 * to another resource. The desired state refuses such text wherever it comes from (identity files,
 * catalog roles and accounts), so lint and the pull request catch it; the stacks' escaping keeps
 * the same check only as an internal assertion.
 */
import type { DocPath } from '../model.js';

export const CDKTF_TOKEN_MARKER = /[$#&]\{TfToken\[/;

export interface ReservedText {
  readonly path: DocPath;
  readonly text: string;
}

/** The document path of every string (or mapping key) below `value` that holds a token marker. */
export function reservedTextPaths(value: unknown, path: DocPath = []): ReservedText[] {
  // One serialisation rules out almost every document before any path is built.
  return JSON.stringify(value)?.includes('{TfToken[') ? walk(value, path) : [];
}

function walk(value: unknown, path: DocPath): ReservedText[] {
  if (typeof value === 'string') return CDKTF_TOKEN_MARKER.test(value) ? [{ path, text: value }] : [];
  if (Array.isArray(value)) return value.flatMap((item, index) => walk(item, [...path, index]));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, item]) => (CDKTF_TOKEN_MARKER.test(key) ? [{ path: [...path, key], text: key }] : walk(item, [...path, key])));
}
