/** Milliseconds since the epoch. Injected everywhere so tests can move time (job expiry, URL expiry, skew). */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
