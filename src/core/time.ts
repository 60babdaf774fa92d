/** Calendar arithmetic on ISO dates (UTC) and `<n>d` / `<n>h` durations. */

const DAY_MS = 86_400_000;

export function durationDays(duration: string): number {
  const amount = Number(duration.slice(0, -1));
  return duration.endsWith('h') ? amount / 24 : amount;
}

export function dayNumber(isoDate: string): number {
  return Math.floor(Date.parse(`${isoDate}T00:00:00Z`) / DAY_MS);
}

export function daysBetween(fromIso: string, toIso: string): number {
  return dayNumber(toIso) - dayNumber(fromIso);
}

export function addDays(isoDate: string, days: number): string {
  return new Date((dayNumber(isoDate) + days) * DAY_MS).toISOString().slice(0, 10);
}

/** A real calendar day: `2026-02-30` parses in JavaScript (as 2 March), so the date must read back unchanged. */
export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const time = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === value;
}
