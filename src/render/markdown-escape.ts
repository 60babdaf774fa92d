/**
 * The one way a string from a user file (or from live AWS, or from git) reaches markdown. Identity
 * files are written by whoever opens a pull request, and what we render lands on the PR comment,
 * the check run summary and issues that reviewers act on: a description must not be able to
 * forge a bold "Approved by @acme/security", mention a team, embed an image or split a table row.
 *
 * Every context has its function, and all of them first `neutralize` the string:
 * - `text(value)`: prose and table cells. Every character that can open an inline construct
 *   (emphasis, strikethrough, link, image, code span, HTML tag, entity, math, table pipe) is
 *   backslash-escaped, and so is a leading one that would open a block (heading, quote, list):
 *   values land at the start of list items too.
 * - `code(value)`: an inline code span whose fence is longer than any backtick run inside, so the
 *   value cannot close it; pipes are escaped for GFM tables, which split rows before code spans.
 * - `html(value)`: text inside our own HTML elements (`<summary>`), as entities.
 * - `mention(team)`: the one deliberate mention, of the team an issue is addressed to.
 * - `md` builds markdown from a template: literal parts are ours, interpolated strings are escaped
 *   with `text`, and only `Markdown` values (from this module) pass through as they are.
 *
 * `flatten` makes one line of it, drops the invisible characters that reorder or hide text
 * (bidi overrides, zero-width characters); `neutralize`, for text, also puts a word joiner after every `@` and inside
 * `://` and `www.`: GitHub links mentions, e-mail addresses and bare URLs in text nodes after
 * parsing, so escaping alone would not stop them.
 */

/** Markdown built by this module: the only values `md` and `markdownTable` emit without escaping. */
export class Markdown {
  constructor(readonly source: string) {}
  toString(): string {
    return this.source;
  }
}

const WORD_JOINER = '\u2060';
/** Bidi embeddings, overrides and isolates; zero-width spaces, joiners and the BOM; soft hyphen. */
const INVISIBLE = /[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]/g;
const LINE_BREAKS = /[\r\n\u0085\u2028\u2029]+/g;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/** One line, without control or invisible characters: what every context starts from. */
export function flatten(value: string): string {
  return value.replace(LINE_BREAKS, ' ').replace(CONTROL, '').replace(INVISIBLE, '').replace(/\t/g, ' ');
}

/** Flattened, and unable to become a mention, an e-mail link or a bare URL link. */
export function neutralize(value: string): string {
  return flatten(value)
    .replace(/@/g, `@${WORD_JOINER}`)
    .replace(/:\/\//g, `:${WORD_JOINER}//`)
    .replace(/www\./gi, (match) => `${match.slice(0, 3)}${WORD_JOINER}.`);
}

const INLINE_SYNTAX = /[\\`*_[\]<>&|~$]/g;
const BLOCK_START = /^(\s*)([#+=>-]|\d+[.)])/;

/** A user string as prose or a table cell: shown as typed, with no markdown meaning at all. */
export function text(value: string | number): string {
  return neutralize(String(value))
    .replace(INLINE_SYNTAX, '\\$&')
    .replace(BLOCK_START, (_, space: string, opener: string) => `${space}${opener.slice(0, -1)}\\${opener.slice(-1)}`);
}

/** A user string as inline code: it cannot close the span, break the line or split a table row. */
export function code(value: string): string {
  // GitHub links neither mentions nor URLs inside code spans: flattening is enough here.
  const flat = flatten(value)
    // A backslash run right before a pipe is doubled so that the pipe's own escape stays one.
    .replace(/(\\*)\|/g, (_, slashes: string) => `${slashes}${slashes}\\|`);
  const longestRun = Math.max(0, ...[...flat.matchAll(/`+/g)].map((run) => run[0].length));
  const fence = '`'.repeat(longestRun + 1);
  // CommonMark strips one space from each side when both are there: pad when the value starts
  // or ends with a backtick (it would join the fence) or a space (it would be stripped).
  const pad = /^[`\s]|[`\s]$/.test(flat) && flat.trim() !== '' ? ' ' : '';
  return flat === '' ? '` `' : `${fence}${pad}${flat}${pad}${fence}`;
}

/** A user string inside our own HTML element: entities, and no mention. */
export function html(value: string): string {
  return neutralize(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** A team slug as the schema writes it (`@org/team`): the only shape `mention` lets through. */
const TEAM = /^@[A-Za-z0-9][A-Za-z0-9-]{0,38}\/[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;

/**
 * The one deliberate mention: the team an issue is addressed to, so that GitHub notifies it.
 * Anything that is not exactly a team slug is escaped like any other text.
 */
export function mention(team: string): string {
  return TEAM.test(team) ? team : text(team);
}

/** A `Markdown` value for inline code, for use inside `md` and tables. */
export function codeSpan(value: string): Markdown {
  return new Markdown(code(value));
}

type Interpolation = string | number | Markdown | undefined | null;

/** Markdown from a template: `md\`${type} ${codeSpan(name)}\`` escapes `type` and keeps the code span. */
export function md(strings: TemplateStringsArray, ...values: readonly Interpolation[]): Markdown {
  let source = strings[0] ?? '';
  values.forEach((value, index) => {
    source += fragment(value) + (strings[index + 1] ?? '');
  });
  return new Markdown(source);
}

/** Joins escaped pieces: strings are escaped, `Markdown` kept. */
export function joinMarkdown(parts: readonly Interpolation[], separator: string): Markdown {
  return new Markdown(parts.map(fragment).join(separator));
}

function fragment(value: Interpolation): string {
  if (value instanceof Markdown) return value.source;
  if (value === undefined || value === null) return '';
  return text(value);
}

/** A table cell: a `Markdown` value as it is, anything else escaped; empty shows as a dash. */
export function cell(value: Interpolation): string {
  if (value === undefined || value === null || value === '') return '—';
  return fragment(value);
}
