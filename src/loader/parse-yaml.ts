/**
 * Reads one YAML file defensively: size, encoding, binary content, several documents, syntax,
 * duplicate keys, alias bombs and hostile characters all become a located load error.
 */
import { LineCounter, parseAllDocuments, type Document } from 'yaml';
import type { Position } from './locate.js';
import { positionOf } from './locate.js';
import { LIMITS } from './limits.js';
import { PositionIndex } from './position-index.js';

export interface ParsedYaml {
  readonly doc: Document;
  readonly lineCounter: LineCounter;
  readonly data: unknown;
  /** Every node's position, recorded now so that later findings need neither the text nor a re-parse. */
  readonly positions: PositionIndex;
}

export interface LoadError {
  readonly ruleId: 'file-unreadable' | 'yaml-syntax';
  readonly message: string;
  readonly position?: Position;
}

export type ParseOutcome = { ok: true; value: ParsedYaml } | { ok: false; errors: LoadError[] };

const utf8 = new TextDecoder('utf-8', { fatal: true });

// C0 controls other than tab/newline/CR, DEL, and the bidirectional overrides of "Trojan Source":
// they make a name or a reason read differently from what Terraform and IAM will see.
const HOSTILE_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u202A-\u202E\u2066-\u2069]/;

export function decodeYaml(bytes: Uint8Array, maxBytes: number): { ok: true; text: string } | { ok: false; errors: LoadError[] } {
  const fail = (message: string) => ({ ok: false as const, errors: [{ ruleId: 'file-unreadable' as const, message }] });
  if (bytes.byteLength > maxBytes) {
    return fail(`file is ${bytes.byteLength} bytes, over the ${maxBytes}-byte limit: split it, or check that it is really an identity file`);
  }
  if (bytes.includes(0)) return fail('file is binary (contains NUL bytes): identity files are UTF-8 YAML text');
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return fail('file is not valid UTF-8: save it as UTF-8 text');
  }
  return { ok: true, text: text.startsWith('\uFEFF') ? text.slice(1) : text };
}

export function parseYaml(text: string): ParseOutcome {
  const lineCounter = new LineCounter();
  const parsed = parseAllDocuments(text, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true });
  const docs = Array.isArray(parsed) ? parsed : [];
  const at = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  if (docs.length === 0 || docs.every((d) => d.contents === null)) {
    return { ok: false, errors: [{ ruleId: 'file-unreadable', message: 'file is empty: write one YAML document, or delete the file' }] };
  }
  if (docs.length > 1) {
    const second = docs[1]?.range?.[0] ?? 0;
    return { ok: false, errors: [{ ruleId: 'yaml-syntax', message: 'file holds several YAML documents (---): put one identity in each file', position: at(second) }] };
  }
  const doc = docs[0] as Document;
  if (doc.errors.length > 0) {
    // One mistake (an unquoted `{`) cascades into dozens of parser errors: report the first, where
    // the fix is, and count the rest. Duplicate keys are independent mistakes and are all reported.
    const [first, ...rest] = doc.errors.filter((e) => e.code !== 'DUPLICATE_KEY');
    const duplicates = doc.errors.filter((e) => e.code === 'DUPLICATE_KEY');
    const more = rest.length > 0 ? ` (${rest.length} more error(s) after it, probably caused by this one)` : '';
    const reported = [...(first ? [{ error: first, suffix: more }] : []), ...duplicates.map((error) => ({ error, suffix: '' }))];
    return {
      ok: false,
      errors: reported.map(({ error, suffix }) => ({ ruleId: 'yaml-syntax' as const, message: `${yamlMessage(error.code, error.message)}${suffix}`, position: at(error.pos[0]) })),
    };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: LIMITS.maxAliasCount });
  } catch (error) {
    const message =
      error instanceof ReferenceError && /alias/i.test(error.message)
        ? `too many alias expansions (over ${LIMITS.maxAliasCount}): this looks like an alias bomb; write the values out`
        : `cannot read the document: ${(error as Error).message}`;
    return { ok: false, errors: [{ ruleId: 'yaml-syntax', message, position: { line: 1, column: 1 } }] };
  }
  // Most files hold no such character at all: skip the walk unless the raw text has one, or an
  // escape sequence (a double-quoted "\u202E") that could produce one.
  const hostile = HOSTILE_CHARACTERS.test(text) || text.includes('\\') ? findHostileString(data, []) : undefined;
  if (hostile) {
    return {
      ok: false,
      errors: [{ ruleId: 'yaml-syntax', message: `a string contains an invisible control or bidirectional character (${hostile.code}): retype it without hidden characters`, position: positionOf(doc, lineCounter, hostile.path, { key: hostile.inKey }) }],
    };
  }
  return { ok: true, value: { doc, lineCounter, data, positions: PositionIndex.build(doc, lineCounter) } };
}

function yamlMessage(code: string, message: string): string {
  if (code === 'DUPLICATE_KEY') return 'duplicate key: each field may appear once; remove or merge the repeated one';
  return `YAML syntax error: ${message.split('\n')[0]}`;
}

function findHostileString(value: unknown, path: (string | number)[]): { path: (string | number)[]; code: string; inKey: boolean } | undefined {
  if (typeof value === 'string') {
    const match = HOSTILE_CHARACTERS.exec(value);
    return match ? { path, code: `U+${(match[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`, inKey: false } : undefined;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findHostileString(value[i], [...path, i]);
      if (found) return found;
    }
  } else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      const inKey = findHostileString(key, [...path, key]);
      if (inKey) return { ...inKey, inKey: true };
      const found = findHostileString(child, [...path, key]);
      if (found) return found;
    }
  }
  return undefined;
}
