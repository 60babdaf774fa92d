/**
 * Document paths as people write them: `spec.grants[2].statement.resources[0]`. Keys are written
 * bare when they are plain (letters, digits, `_`, `-`, `:`), quoted otherwise
 * (`conditions.StringLike["s3:prefix"]`); list items by index in brackets. This is the notation
 * an exception's `appliesTo` uses and lint's suggestions print, so both read the same.
 */
import type { DocPath } from '../model.js';

const BARE_KEY = /^[A-Za-z_][A-Za-z0-9_:-]*$/;

export type ParsedDocPath = { readonly path: DocPath } | { readonly problem: string };

export function formatDocPath(path: DocPath): string {
  return path
    .map((segment, index) => {
      if (typeof segment === 'number') return `[${segment}]`;
      if (!BARE_KEY.test(segment)) return `[${JSON.stringify(segment)}]`;
      return index === 0 ? segment : `.${segment}`;
    })
    .join('');
}

export function parseDocPath(text: string): ParsedDocPath {
  const path: (string | number)[] = [];
  let rest = text.trim();
  if (rest === '') return { problem: 'it is empty' };
  let first = true;
  while (rest !== '') {
    const bare = (first ? /^([A-Za-z_][A-Za-z0-9_:-]*)/ : /^\.([A-Za-z_][A-Za-z0-9_:-]*)/).exec(rest);
    const index = /^\[(\d+)\]/.exec(rest);
    const quoted = /^\[("(?:[^"\\]|\\.)*")\]/.exec(rest);
    if (bare) path.push(bare[1]!);
    else if (index) path.push(Number(index[1]));
    else if (quoted) {
      try {
        path.push(JSON.parse(quoted[1]!) as string);
      } catch {
        return { problem: `the quoted key ${quoted[1]} is not a valid string` };
      }
    } else return { problem: `"${rest}" is not a .key, [index] or ["quoted key"]` };
    rest = rest.slice((bare ?? index ?? quoted)![0].length);
    first = false;
  }
  return { path };
}

/** Whether `path` is `ancestor` or lies under it. */
export function pathWithin(path: DocPath, ancestor: DocPath): boolean {
  return ancestor.length <= path.length && ancestor.every((segment, index) => segment === path[index]);
}
