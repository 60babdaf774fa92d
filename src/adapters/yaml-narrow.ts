/**
 * `gatehouse rightsize --write`: takes grants and actions out of an identity file by splicing the
 * source text, as `recertify --bump` does for a date, so every comment, blank line, quoting and
 * flow list the owner wrote stays as it was. Only removal and the replacement of a list entry by
 * other entries are possible here; what to remove is decided in the core.
 */
import { isMap, isScalar, isSeq, parseDocument, type Node, type YAMLSeq } from 'yaml';
import { YamlEditError } from './yaml-edit.js';

export type GrantSplice =
  | { readonly kind: 'remove-grant'; readonly grant: number }
  | { readonly kind: 'edit-actions'; readonly grant: number; readonly remove: readonly number[]; readonly replace: readonly { readonly index: number; readonly with: readonly string[] }[] };

interface Splice {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

export function spliceGrants(text: string, edits: readonly GrantSplice[]): string {
  const document = parseDocument(text, { keepSourceTokens: true, uniqueKeys: true });
  if (document.errors.length > 0) throw new YamlEditError(`the file is not valid YAML (${document.errors[0]?.message.split('\n')[0]}): fix it before editing`);
  const grants = document.getIn(['spec', 'grants'], true);
  if (!isSeq(grants)) throw new YamlEditError('spec.grants is not a list in the file');
  const splices: Splice[] = [];
  for (const edit of edits) {
    if (edit.kind === 'remove-grant') splices.push(removeItem(text, grants, edit.grant));
    else splices.push(...editActions(text, grants, edit));
  }
  splices.sort((a, b) => b.start - a.start);
  let result = text;
  for (const splice of splices) result = `${result.slice(0, splice.start)}${splice.text}${result.slice(splice.end)}`;
  const check = parseDocument(result);
  if (check.errors.length > 0) throw new YamlEditError(`the edit would leave invalid YAML (${check.errors[0]?.message.split('\n')[0]}); edit the file by hand`);
  return result;
}

function range(node: unknown, what: string): [number, number, number] {
  const r = (node as Node | undefined)?.range;
  if (!r) throw new YamlEditError(`${what} has no position in the file`);
  return r;
}

const lineStart = (text: string, at: number) => text.lastIndexOf('\n', at - 1) + 1;
function lineEnd(text: string, at: number): number {
  const newline = text.indexOf('\n', at);
  return newline === -1 ? text.length : newline + 1;
}

/** One item of a block list: its whole lines, so no `-` is left behind. Flow lists are rewritten. */
function removeItem(text: string, list: YAMLSeq, index: number): Splice {
  const item = list.items[index];
  if (item === undefined) throw new YamlEditError(`there is no item ${index} in the list`);
  if (list.flow) return rewriteFlow(text, list, new Set([index]), new Map());
  const [start, valueEnd] = range(item, `item ${index}`);
  // The value ends where its last line ends (a block map's range ends after its newline).
  const last = text[valueEnd - 1] === '\n' ? valueEnd - 1 : valueEnd;
  return { start: withCommentsAbove(text, lineStart(text, start)), end: lineEnd(text, last), text: '' };
}

/** Comment lines right above an item, indented as its `-`, speak of it and go with it. */
function withCommentsAbove(text: string, itemLine: number): number {
  const indent = /^ */.exec(text.slice(itemLine))?.[0].length ?? 0;
  let start = itemLine;
  while (start > 0) {
    const previous = lineStart(text, start - 1);
    const line = text.slice(previous, start - 1);
    if (!new RegExp(`^ {${indent}}#`).test(line)) break;
    start = previous;
  }
  return start;
}

function editActions(text: string, grants: YAMLSeq, edit: Extract<GrantSplice, { kind: 'edit-actions' }>): Splice[] {
  const grant = grants.items[edit.grant];
  const statement = isMap(grant) ? grant.get('statement', true) : undefined;
  const actions = isMap(statement) ? statement.get('actions', true) : undefined;
  if (!isSeq(actions)) throw new YamlEditError(`spec.grants[${edit.grant}].statement.actions is not a list in the file`);
  const replace = new Map(edit.replace.map((entry) => [entry.index, entry.with]));
  if (actions.flow) return [rewriteFlow(text, actions, new Set(edit.remove), replace)];
  const splices = edit.remove.map((index) => removeItem(text, actions, index));
  for (const [index, names] of replace) {
    const item = actions.items[index];
    if (!isScalar(item)) throw new YamlEditError(`spec.grants[${edit.grant}].statement.actions[${index}] is not a single action`);
    const [start, end] = range(item, 'the action');
    const prefix = text.slice(lineStart(text, start), start);
    if (!/^\s*- $/.test(prefix)) throw new YamlEditError(`spec.grants[${edit.grant}].statement.actions[${index}] is not laid out one per line; edit it by hand`);
    splices.push({ start, end, text: names.map(plain).join(`\n${prefix}`) });
  }
  return splices;
}

/** `[a, b, c]` with items dropped or replaced; the kept items keep their own quoting. */
function rewriteFlow(text: string, list: YAMLSeq, drop: ReadonlySet<number>, replace: ReadonlyMap<number, readonly string[]>): Splice {
  const [start, end] = range(list, 'the list');
  const items = list.items.flatMap((item, index) => {
    if (drop.has(index)) return [];
    const names = replace.get(index);
    if (names !== undefined) return names.map(plain);
    const [from, to] = range(item, 'a list item');
    return [text.slice(from, to)];
  });
  return { start, end, text: `[${items.join(', ')}]` };
}

/** An action name as a plain scalar when YAML reads it back unchanged, else quoted. */
function plain(value: string): string {
  return /^[A-Za-z0-9][A-Za-z0-9:*?-]*$/.test(value) ? value : JSON.stringify(value);
}
