/**
 * The shell of every page: a strict Content-Security-Policy that allows exactly the page's own
 * inline stylesheet and script (by SHA-256) and nothing else: no network, no other script, no
 * inline event handlers, no forms, no frames. Opened from disk or from Pages, the page fetches
 * nothing; a string that slipped past escaping still could not run.
 */
import { createHash } from 'node:crypto';
import { text } from './escape.js';
import { COMMON_STYLE, INDEX_STYLE } from './style.js';

/** Marks a directory as written by `gatehouse report --format html` (so a rerun may replace it). */
export const GENERATOR = 'gatehouse report';

export interface PageOptions {
  readonly title: string;
  readonly body: string;
  /** Inline script of the page, if it needs one. */
  readonly script?: string;
  /** Path from this page to index.html (`./` or `../`), for the navigation. */
  readonly root: string;
  readonly meta: string;
  readonly hasChanges: boolean;
  /** index.html needs the overview, inventory and graph styles too. */
  readonly index?: boolean;
  /** Data for the page's script: JSON (already safe inside the element) in `<script type="application/json">`, which never runs. */
  readonly data?: { readonly id: string; readonly json: string };
}

/** Each page's stylesheet is one of two constants: hashed once, not once per identity page. */
const hashes = new Map<string, string>();
function hash(content: string): string {
  let source = hashes.get(content);
  if (source === undefined) {
    source = `'sha256-${createHash('sha256').update(content, 'utf8').digest('base64')}'`;
    hashes.set(content, source);
  }
  return source;
}

export function contentSecurityPolicy(style: string, script: string | undefined): string {
  const scriptSrc = script === undefined ? "'none'" : hash(script);
  return `default-src 'none'; style-src ${hash(style)}; script-src ${scriptSrc}; img-src data:; base-uri 'none'; form-action 'none'`;
}

export function page(options: PageOptions): string {
  const style = options.index ? `${COMMON_STYLE}${INDEX_STYLE}` : COMMON_STYLE;
  const nav = [
    ['Overview', 'index.html#overview'],
    ['Inventory', 'index.html#inventory'],
    ['Access graph', 'index.html#access'],
    ...(options.hasChanges ? [['Since last period', 'index.html#since']] : []),
  ]
    .map(([label, href]) => `<a href="${options.root}${href}">${label}</a>`)
    .join('');
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(style, options.script)}">`,
    '<meta name="referrer" content="no-referrer">',
    `<meta name="generator" content="${GENERATOR}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${text(options.title)}</title>`,
    `<style>${style}</style>`,
    '</head>',
    '<body>',
    `<header class="top"><span class="brand">Gatehouse</span><nav aria-label="Report sections">${nav}</nav><span class="meta">${options.meta}</span></header>`,
    `<main>${options.body}</main>`,
    ...(options.data === undefined ? [] : [`<script type="application/json" id="${options.data.id}">${options.data.json}</script>`]),
    ...(options.script === undefined ? [] : [`<script>${options.script}</script>`]),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
