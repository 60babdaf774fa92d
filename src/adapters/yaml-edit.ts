/**
 * The two places Gatehouse writes YAML files people also edit by hand: `recertify --bump`
 * changes one date in place, and `import` emits a new identity file. Reading for validation stays
 * in the loader; this module only round-trips a document to make an edit or to print one.
 */
import { Document, isMap, isScalar, parseDocument, Scalar, visit, YAMLMap, type Node } from 'yaml';

/** The file cannot be edited as asked; the message says why and what to do. */
export class YamlEditError extends Error {}

/**
 * Sets the scalar at `path` to `value` by splicing the source text, so every other byte of the
 * file (comments, blank lines, flow maps, quoting, key order) stays exactly as the owner wrote
 * it. The value keeps the quoting style it had. The path must already hold a scalar.
 */
export function setScalarInPlace(text: string, path: readonly string[], value: string): string {
  const document = parseDocument(text, { keepSourceTokens: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    throw new YamlEditError(`the file is not valid YAML (${document.errors[0]?.message.split('\n')[0]}): fix it before editing`);
  }
  const node = document.getIn(path, true) as Node | undefined;
  if (node === undefined) throw new YamlEditError(`${path.join('.')} is not set in the file`);
  if (!isScalar(node) || node.range === undefined || node.range === null) {
    throw new YamlEditError(`${path.join('.')} is not a single value in the file`);
  }
  const [start, end] = node.range;
  return `${text.slice(0, start)}${quoted(value, node)}${text.slice(end)}`;
}

function quoted(value: string, node: Scalar): string {
  switch (node.type) {
    case Scalar.QUOTE_DOUBLE:
      return JSON.stringify(value);
    case Scalar.QUOTE_SINGLE:
      return `'${value.replaceAll("'", "''")}'`;
    default:
      if (!/^[A-Za-z0-9][A-Za-z0-9 ._/@-]*$/.test(value)) return JSON.stringify(value);
      return value;
  }
}

/** A comment to place above a key of a mapping, addressed by the path of the key. */
export interface YamlComment {
  readonly path: readonly (string | number)[];
  readonly comment: string;
}

export interface EmitOptions {
  /** Comment lines at the top of the file (without `#`). */
  readonly header?: readonly string[];
  /** Comments above particular keys, e.g. `['metadata', 'owner']`. */
  readonly comments?: readonly YamlComment[];
  /** Paths of mappings written inline, `{ a: 1, b: 2 }`, as the example identities do for workloads. */
  readonly flow?: readonly (readonly (string | number)[])[];
}

/** Lists of plain values read best inline, `[s3:GetObject, s3:PutObject]`, as in the example identities. */
function inlineScalarLists(document: Document): void {
  visit(document, {
    Seq(_, node) {
      if (node.items.length > 0 && node.items.every((item) => isScalar(item))) node.flow = true;
    },
  });
}

/**
 * Prints a plain object as a YAML file in the house style: block mappings, two-space indent,
 * long strings never folded, comments where the reader must act.
 */
export function emitYaml(data: unknown, options: EmitOptions = {}): string {
  const document = new Document(data);
  inlineScalarLists(document);
  for (const path of options.flow ?? []) {
    const node = document.getIn(path, true);
    if (isMap(node)) node.flow = true;
  }
  for (const { path, comment } of options.comments ?? []) {
    const parent = path.length === 1 ? document.contents : document.getIn(path.slice(0, -1), true);
    if (!isMap(parent)) continue;
    const pair = (parent as YAMLMap).items.find((item) => isScalar(item.key) && item.key.value === path.at(-1));
    if (pair && isScalar(pair.key)) pair.key.commentBefore = commentText(comment);
  }
  if (options.header !== undefined && options.header.length > 0) document.commentBefore = commentText(options.header.join('\n'));
  return document.toString({ lineWidth: 0, indentSeq: true });
}

/** yaml prefixes each line with `#`; a leading space keeps `# text` readable. */
function commentText(text: string): string {
  return text
    .split('\n')
    .map((line) => (line === '' ? '' : ` ${line}`))
    .join('\n');
}
