// API answers are ended together once the event loop has read everything that was ready, instead
// of each the moment its request is done. Why: on loopback every write that finds the client
// asleep wakes it, and on a VM that wake-up (an inter-processor interrupt through the
// hypervisor) ran inside our writev: perf put 12 % of the server's CPU in
// sock_def_readable -> _raw_spin_unlock_irqrestore, ~17 us per answer, because each answer went
// out ~100 us after the previous one, long enough for the client to go back to sleep. Written
// back to back, only the first answer of a turn pays it: bench/api answered about 40% more
// requests a second, with a lower p99 (docs/benchmarks-2026-11.md). The delay is the rest of one
// poll phase.
import type { ServerResponse } from 'node:http';

/** Responses and their bodies, in pairs, waiting for the end of this turn of the loop. */
const waiting: Array<ServerResponse | string | Buffer> = [];

/** res.end(body), at the end of the current poll phase (setImmediate runs right after it). */
export function endTogether(res: ServerResponse, body: string | Buffer): void {
  waiting.push(res, body);
  if (waiting.length === 2) setImmediate(endWaitingAnswers);
}

/** Ends every answer still waiting, now: at the end of the turn, and first when a server drops its connections. */
export function endWaitingAnswers(): void {
  const batch = waiting.splice(0);
  for (let i = 0; i < batch.length; i += 2) {
    const res = batch[i] as ServerResponse;
    try {
      res.end(batch[i + 1] as string | Buffer);
    } catch {
      // Cannot happen with Node's ServerResponse (ending a closed one is a no-op); if it ever
      // did, one broken connection must not cost the others their answers.
      res.destroy();
    }
  }
}
