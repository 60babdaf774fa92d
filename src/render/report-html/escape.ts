/**
 * HTML escaping for the report site: every string that came from a user file (names, owners,
 * descriptions, reasons, commit subjects) goes through `text` or `attr` before it reaches markup,
 * so an identity whose description holds `<script>` shows the characters and runs nothing.
 */

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Element content and attribute values alike (quotes are escaped too). */
export function text(value: string | number | undefined | null): string {
  return value === undefined || value === null ? '' : String(value).replace(/[&<>"']/g, (ch) => ENTITIES[ch]!);
}

/** A double-quoted attribute: ` name="value"`. */
export function attr(name: string, value: string | number): string {
  return ` ${name}="${text(value)}"`;
}

/**
 * A link target: only http(s) URLs and relative paths of safe characters; anything else
 * (`javascript:`, `data:`) gives undefined and the caller renders plain text instead.
 */
export function safeHref(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  if (/^https?:\/\/[^\s"'<>]+$/i.test(url)) return url;
  if (/^[A-Za-z0-9._/#-]+$/.test(url) && !url.includes(':')) return url;
  return undefined;
}

/** `<a href>` when the URL is safe, plain text otherwise. */
export function link(url: string | undefined, label: string): string {
  const href = safeHref(url);
  return href === undefined ? text(label) : `<a${attr('href', href)}>${text(label)}</a>`;
}

/** A value that JSON.stringify renders, safe inside `<pre>`. */
export function json(value: unknown): string {
  return text(JSON.stringify(value, null, 2));
}
