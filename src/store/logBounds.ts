// The window of a log event read, as (timestamp, seq) gaps: shared by every backend.
import type { LogEventGap } from './ports';

// Bounds for "no bound": both backends store 64-bit integers, and JS numbers are exact to 2^53.
export const MIN = Number.MIN_SAFE_INTEGER;
export const MAX = Number.MAX_SAFE_INTEGER;

/** The later of "from startMs on" and "after the gap", as one gap: events after it are wanted. */
export function lowerBound(startMs: number | undefined, gap: LogEventGap | undefined): LogEventGap {
  const start = startMs === undefined ? { timestampMs: MIN, seq: MIN } : { timestampMs: startMs - 1, seq: MAX };
  if (!gap) return start;
  return gap.timestampMs > start.timestampMs || (gap.timestampMs === start.timestampMs && gap.seq > start.seq) ? gap : start;
}

/** The earlier of "before endMs" and "up to the gap", as one gap: events up to it are wanted. */
export function upperBound(endMs: number | undefined, gap: LogEventGap | undefined): LogEventGap {
  const end = endMs === undefined ? { timestampMs: MAX, seq: MAX } : { timestampMs: endMs - 1, seq: MAX };
  if (!gap) return end;
  return gap.timestampMs < end.timestampMs || (gap.timestampMs === end.timestampMs && gap.seq < end.seq) ? gap : end;
}

/**
 * Rows a log read takes from the store in one turn of the event loop, before it lets other work
 * run (nextTurn). A page is up to 10,000 events (AWS's GetLogEvents / FilterLogEvents page);
 * read whole in one better-sqlite3 .all() it held the loop 26-85 ms
 * (test/timing/eventLoopBudget.test.ts, budget ~20 ms). 1,000 rows a turn still read 7-17 ms
 * with their answer on a loaded machine; 250 take a quarter of that (docs/benchmarks.md).
 */
export const READ_CHUNK = 250;

