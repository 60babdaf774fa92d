import { isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import type { DocPath } from '../core/model.js';

export interface Position {
  readonly line: number;
  readonly column: number;
}

/**
 * Maps a document path to the line and column of the deepest node that exists along it. With
 * `key: true` the position is the map key's (for "unknown field"), otherwise the value's. A block
 * mapping or list is located at its key: its value starts on the next line, at its first child,
 * and "spec.expires is missing" should point at `spec:`, not at `account:`.
 */
export function positionOf(doc: Document, lineCounter: LineCounter, path: DocPath, options: { key?: boolean } = {}): Position {
  let node: unknown = doc.contents;
  let offset = rangeStart(node) ?? 0;
  let reachedByKey: number | undefined;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i];
    const isLast = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment));
      if (!pair) break;
      const keyStart = rangeStart(pair.key);
      if (isLast && options.key && keyStart !== undefined) return at(lineCounter, keyStart);
      node = pair.value;
      offset = rangeStart(node) ?? keyStart ?? offset;
      reachedByKey = keyStart;
    } else if (isSeq(node) && typeof segment === 'number' && segment < node.items.length) {
      node = node.items[segment];
      offset = rangeStart(node) ?? offset;
      reachedByKey = undefined;
    } else {
      break;
    }
  }
  if (reachedByKey !== undefined && (isMap(node) || isSeq(node)) && !node.flow) offset = reachedByKey;
  return at(lineCounter, offset);
}

function at(lineCounter: LineCounter, offset: number): Position {
  const { line, col } = lineCounter.linePos(offset);
  return { line, column: col };
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as Node | null | undefined)?.range;
  return range ? range[0] : undefined;
}
