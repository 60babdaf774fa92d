/**
 * Reads one YAML file defensively: size, encoding, binary content, several documents, syntax,
 * duplicate keys, alias bombs and hostile characters all become a located load error.
 */
import { LineCounter, parseAllDocuments, type Document } from 'yaml';
import type { MessageData } from '../core/lint/types.js';
import type { LoadMessageId } from '../core/rules/schema/load-rules.js';
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

/** A message of LOAD_RULES' `file-unreadable` or `yaml-syntax`, with its data and, when known, where. */
export interface LoadError {
  readonly ruleId: 'file-unreadable' | 'yaml-syntax';
  readonly messageId: LoadMessageId;
  readonly data?: MessageData;
  readonly position?: Position;
}

export type ParseOutcome = { ok: true; value: ParsedYaml } | { ok: false; errors: LoadError[] };

const utf8 = new TextDecoder('utf-8', { fatal: true });

// C0 controls other than tab/newline/CR, DEL, and the bidirectional overrides of "Trojan Source":
// they make a name or a reason read differently from what Terraform and IAM will see.
const HOSTILE_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u202A-\u202E\u2066-\u2069]/;

export function decodeYaml(bytes: Uint8Array, maxBytes: number): { ok: true; text: string } | { ok: false; errors: LoadError[] } {
  const fail = (messageId: LoadMessageId, data?: MessageData) => ({ ok: false as const, errors: [{ ruleId: 'file-unreadable' as const, messageId, ...(data ? { data } : {}) }] });
  if (bytes.byteLength > maxBytes) return fail('too-large', { bytes: bytes.byteLength, limit: maxBytes });
  if (bytes.includes(0)) return fail('binary');
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return fail('not-utf8');
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
    return { ok: false, errors: [{ ruleId: 'file-unreadable', messageId: 'empty' }] };
  }
  if (docs.length > 1) {
    const second = docs[1]?.range?.[0] ?? 0;
    return { ok: false, errors: [{ ruleId: 'yaml-syntax', messageId: 'several-documents', position: at(second) }] };
  }
  const doc = docs[0] as Document;
  if (doc.errors.length > 0) {
    // One mistake (an unquoted `{`) cascades into dozens of parser errors: report the first, where
    // the fix is, and count the rest. Duplicate keys are independent mistakes and are all reported.
    const [first, ...rest] = doc.errors.filter((e) => e.code !== 'DUPLICATE_KEY');
    const duplicates = doc.errors.filter((e) => e.code === 'DUPLICATE_KEY');
    const reported = [...(first ? [{ error: first, more: rest.length }] : []), ...duplicates.map((error) => ({ error, more: 0 }))];
    return {
      ok: false,
      errors: reported.map(({ error, more }) => ({ ruleId: 'yaml-syntax' as const, ...yamlMessage(error.code, error.message, more), position: at(error.pos[0]) })),
    };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: LIMITS.maxAliasCount });
  } catch (error) {
    const problem: { messageId: LoadMessageId; data: MessageData } =
      error instanceof ReferenceError && /alias/i.test(error.message)
        ? { messageId: 'alias-bomb', data: { limit: LIMITS.maxAliasCount } }
        : { messageId: 'unreadable-document', data: { reason: (error as Error).message } };
    return { ok: false, errors: [{ ruleId: 'yaml-syntax', ...problem, position: { line: 1, column: 1 } }] };
  }
  // Most files hold no such character at all: skip the walk unless the raw text has one, or an
  // escape sequence (a double-quoted "\u202E") that could produce one.
  const hostile = HOSTILE_CHARACTERS.test(text) || text.includes('\\') ? findHostileString(data, []) : undefined;
  if (hostile) {
    return {
      ok: false,
      errors: [{ ruleId: 'yaml-syntax', messageId: 'hidden-character', data: { character: hostile.code }, position: positionOf(doc, lineCounter, hostile.path, { key: hostile.inKey }) }],
    };
  }
  return { ok: true, value: { doc, lineCounter, data, positions: PositionIndex.build(doc, lineCounter) } };
}

/** The parser's error as a message id: its first line (the rest is a code excerpt) and its code as data. */
function yamlMessage(code: string, message: string, more: number): { messageId: LoadMessageId; data?: MessageData } {
  if (code === 'DUPLICATE_KEY') return { messageId: 'duplicate-key' };
  const error = message.split('\n')[0] ?? '';
  return more > 0 ? { messageId: 'syntax-error-cascade', data: { error, code, more } } : { messageId: 'syntax-error', data: { error, code } };
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
