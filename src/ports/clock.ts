/** "Today" is injected so every date rule, expiry and report is reproducible in tests. */
export interface Clock {
  today(): string;
  now(): Date;
}

export const systemClock: Clock = {
  today: () => new Date().toISOString().slice(0, 10),
  now: () => new Date(),
};

export function fixedClock(isoDate: string): Clock {
  return { today: () => isoDate, now: () => new Date(`${isoDate}T12:00:00Z`) };
}
