// Worker thread for test/unit/patterns.test.ts: times patterns on long adversarial values. In a
// worker so that a pattern that would backtrack for hours can be stopped from the test thread
// (Worker.terminate interrupts a running RegExp) and reported, instead of hanging the suite.
import { parentPort, workerData } from 'node:worker_threads';

export interface TimingCase {
  name: string;
  source: string;
  flags: string;
  /** The value's length: the shape's maximum, or 1 MiB when it has none. */
  length: number;
  /** Each is repeated to the length, then ended by each of SUFFIXES. */
  units: string[];
  /** Milliseconds over which a time is measured again (best of five) before it counts. */
  budget: number;
}

export type TimerMessage =
  | { kind: 'start'; name: string; value: string }
  | { kind: 'time'; name: string; value: string; ms: number }
  | { kind: 'end' };

/** Endings that make an almost-matching value fail at its very end, where backtracking costs most. */
export const SUFFIXES = ['', '\u0000', '!', ' ', '\n', '\ud800'];

function bestOf(re: RegExp, value: string, budget: number): number {
  let ms = Infinity;
  for (let i = 0; i < 5 && ms > budget; i++) {
    const t = performance.now();
    re.test(value);
    ms = Math.min(ms, performance.now() - t);
  }
  return ms;
}

function run(cases: TimingCase[]): void {
  const post = (m: TimerMessage): void => parentPort!.postMessage(m);
  for (const c of cases) {
    const re = new RegExp(c.source, c.flags);
    re.test('warm'); // compiled before it is timed
    for (const unit of c.units) {
      const body = unit.repeat(Math.ceil(c.length / unit.length));
      for (const suffix of SUFFIXES) {
        const value = body.slice(0, c.length - suffix.length) + suffix;
        const label = `${JSON.stringify(unit)} x ${Math.floor((c.length - suffix.length) / unit.length)} + ${JSON.stringify(suffix)}`;
        post({ kind: 'start', name: c.name, value: label });
        post({ kind: 'time', name: c.name, value: label, ms: bestOf(re, value, c.budget) });
      }
    }
  }
  post({ kind: 'end' });
}

if (parentPort && workerData?.patternTimer) run(workerData.cases as TimingCase[]);
