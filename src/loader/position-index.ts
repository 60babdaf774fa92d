/**
 * Where every node of a file starts, recorded while the file is parsed the first time, so that a
 * finding's document path can be mapped to line:column later without keeping the file's text or
 * syntax tree (at 50,000 identities the trees alone were hundreds of megabytes).
 *
 * For every node reachable through mapping keys and list indexes the index keeps a hash of its
 * document path, the offset `positionOf` gives for that exact path (block collections at their key,
 * see locate.ts) and the offset of its key, searched linearly in a small file and by binary search
 * in a large one. Lookups walk the path down from the root, as
 * `positionOf` does, and stop at the deepest recorded node, so a missing leaf falls back to its
 * nearest ancestor and a numeric segment matches a list index or a mapping key "0" alike.
 *
 * Hash collisions: paths hash to 53 bits (a float64 holds them exactly) with a seed drawn at random
 * once per thread and kept in each index (an index built by a parse worker is read by the main
 * thread), so nobody can craft a file whose paths collide; two of a file's n paths collide
 * with a chance of about n²/2⁵⁴ (a 200,000-node catalog: 2·10⁻⁶; an identity: 10⁻¹³), and then
 * only the line shown for one of them would be wrong, never which finding is reported. A key that
 * appears twice with the same text (`1:` and `"1":`) keeps its first node, as `positionOf` does.
 */
import { getRandomValues } from 'node:crypto';
import { isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import type { DocPath } from '../core/model.js';
import { lowerBound } from '../core/text/lower-bound.js';
import type { Position } from './locate.js';

/** No key: the root and list items. */
const NO_KEY = 0xffffffff;
const MAP_CHILD = 0x6d;
const LIST_CHILD = 0x73;
const TWO_TO_32 = 4294967296;
const SEED = randomSeed();
/** Up to this many nodes a scan is as fast as a binary search and saves sorting at load. */
const LINEAR_SEARCH_LIMIT = 256;

/** Entry count and line count (uint32 each), then the seed its paths were hashed with (float64). */
const HEADER_BYTES = 16;

/**
 * One buffer per file: a header, the path hashes (float64; sorted above LINEAR_SEARCH_LIMIT
 * entries), the offsets at which lines start, then per entry its value offset and its key offset.
 */
export class PositionIndex {
  private constructor(private readonly buffer: ArrayBuffer) {}

  /** The index whose `buffer` another thread built and transferred. */
  static fromBuffer(buffer: ArrayBuffer): PositionIndex {
    return new PositionIndex(buffer);
  }

  static build(doc: Document, lineCounter: LineCounter): PositionIndex {
    const hashes: number[] = [];
    const values: number[] = [];
    const keys: number[] = [];
    const record = (hash: number, value: number, key: number) => {
      hashes.push(hash);
      values.push(value);
      keys.push(key);
    };
    // Mirrors positionOf: `offset` is where the walk stands (the node's start, else its key's,
    // else its parent's); what is recorded applies the block-collection rule to it.
    const visit = (node: unknown, hash: number, offset: number, keyStart: number | undefined) => {
      record(hash, keyStart !== undefined && isBlockCollection(node) ? keyStart : offset, keyStart ?? NO_KEY);
      if (isMap(node)) {
        for (const pair of node.items) {
          if (!isPair(pair) || !isScalar(pair.key)) continue;
          const start = rangeStart(pair.key);
          visit(pair.value, step(hash, MAP_CHILD, String(pair.key.value)), rangeStart(pair.value) ?? start ?? offset, start);
        }
      } else if (isSeq(node)) {
        node.items.forEach((item, i) => visit(item, step(hash, LIST_CHILD, String(i)), rangeStart(item) ?? offset, undefined));
      }
    };
    visit(doc.contents, SEED, rangeStart(doc.contents) ?? 0, undefined);

    // Small files (every identity) keep document order and are searched linearly; larger ones are
    // sorted for binary search. Either way the first of two equal hashes comes first: the first of
    // two same-text keys, as positionOf finds it.
    const order = hashes.map((_, i) => i);
    if (order.length > LINEAR_SEARCH_LIMIT) order.sort((a, b) => hashes[a]! - hashes[b]! || a - b);
    const lineStarts = lineCounter.lineStarts;
    const count = order.length;
    const buffer = new ArrayBuffer(HEADER_BYTES + 8 * count + 4 * (lineStarts.length + 2 * count));
    const header = new Uint32Array(buffer, 0, 2);
    header[0] = count;
    header[1] = lineStarts.length;
    new Float64Array(buffer, 8, 1)[0] = SEED;
    const { sorted, lines, offsets } = views(buffer);
    order.forEach((entry, i) => {
      sorted[i] = hashes[entry]!;
      offsets[2 * i] = values[entry]!;
      offsets[2 * i + 1] = keys[entry]!;
    });
    lines.set(lineStarts);
    return new PositionIndex(buffer);
  }

  /** The position `positionOf` would give for `path` in the parsed file. */
  position(path: DocPath, options: { key?: boolean } = {}): Position {
    const { seed, sorted, lines, offsets } = views(this.buffer);
    let hash = seed;
    let entry = find(sorted, hash);
    for (let i = 0; i < path.length && entry >= 0; i++) {
      const segment = path[i]!;
      let child = -1;
      let childHash = 0;
      if (typeof segment === 'number') {
        childHash = step(hash, LIST_CHILD, String(segment));
        child = find(sorted, childHash);
      }
      if (child < 0) {
        childHash = step(hash, MAP_CHILD, String(segment));
        child = find(sorted, childHash);
      }
      if (child < 0) break;
      const key = offsets[2 * child + 1]!;
      if (i === path.length - 1 && options.key && key !== NO_KEY) return linePosition(lines, key);
      hash = childHash;
      entry = child;
    }
    return linePosition(lines, entry >= 0 ? offsets[2 * entry]! : 0);
  }

  /** Bytes held, for the memory figures. */
  get byteLength(): number {
    return this.buffer.byteLength;
  }

  /** The whole index as one buffer, to transfer to another thread. */
  get transferable(): ArrayBuffer {
    return this.buffer;
  }
}

function views(buffer: ArrayBuffer): { seed: number; sorted: Float64Array; lines: Uint32Array; offsets: Uint32Array } {
  const header = new Uint32Array(buffer, 0, 2);
  const count = header[0]!;
  const lineCount = header[1]!;
  const seed = new Float64Array(buffer, 8, 1)[0]!;
  const sorted = new Float64Array(buffer, HEADER_BYTES, count);
  const lines = new Uint32Array(buffer, HEADER_BYTES + 8 * count, lineCount);
  const offsets = new Uint32Array(buffer, HEADER_BYTES + 8 * count + 4 * lineCount, 2 * count);
  return { seed, sorted, lines, offsets };
}

/** The first entry with this hash, or -1. */
function find(sorted: Float64Array, hash: number): number {
  if (sorted.length <= LINEAR_SEARCH_LIMIT) return sorted.indexOf(hash);
  const low = lowerBound(sorted, hash);
  return low < sorted.length && sorted[low] === hash ? low : -1;
}

/** yaml's LineCounter.linePos over the recorded line starts: 1-based line and column. */
function linePosition(lineStarts: Uint32Array, offset: number): Position {
  const low = lowerBound(lineStarts, offset);
  if (lineStarts[low] === offset) return { line: low + 1, column: 1 };
  if (low === 0) return { line: 0, column: offset };
  return { line: low, column: offset - lineStarts[low - 1]! + 1 };
}

/**
 * The hash of a child's path from its parent's: cyrb53's mixing (two 32-bit lanes, finalized per
 * segment so that ["ab", "c"] and ["a", "bc"] differ), 53 bits so that a float64 holds it exactly.
 */
function step(parent: number, kind: number, segment: string): number {
  let h1 = (parent >>> 0) ^ Math.imul(kind, 0x9e3779b1);
  let h2 = Math.floor(parent / TWO_TO_32) ^ 0x41c6ce57;
  for (let i = 0; i < segment.length; i++) {
    const c = segment.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return TWO_TO_32 * (h2 & 0x1fffff) + (h1 >>> 0);
}

function randomSeed(): number {
  const [low, high] = getRandomValues(new Uint32Array(2));
  return TWO_TO_32 * (high! & 0x1fffff) + low!;
}

function isBlockCollection(node: unknown): boolean {
  return (isMap(node) || isSeq(node)) && !node.flow;
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as Node | null | undefined)?.range;
  return range ? range[0] : undefined;
}
