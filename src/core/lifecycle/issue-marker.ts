/**
 * Hidden markers that tie a GitHub issue to what it tracks across daily runs, e.g.
 * `<!-- gatehouse:recertify:@acme/payments -->`: found again to update the issue instead of
 * opening another, and read back to close issues whose subject is resolved.
 */

export function issueMarker(prefix: string, value: string): string {
  return `<!-- ${prefix}${value} -->`;
}

/** The value of the first marker with this prefix in an issue body, or undefined. */
export function markedValue(body: string, prefix: string): string | undefined {
  const opening = `<!-- ${prefix}`;
  const start = body.indexOf(opening);
  if (start < 0) return undefined;
  const end = body.indexOf(' -->', start);
  return end < 0 ? undefined : body.slice(start + opening.length, end);
}
