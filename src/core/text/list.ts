/** "a, b, c, and 4 more": the first `limit` items of a list a message would drown in (only those are named). */
export function listWithMore<T>(items: readonly T[], limit: number, name: (item: T) => string): string {
  const shown = items.slice(0, limit).map(name).join(', ');
  return items.length > limit ? `${shown}, and ${items.length - limit} more` : shown;
}
