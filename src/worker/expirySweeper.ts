// Persists the expiry of unstarted jobs and deletes their uploads (spec section 4). Reads do
// not wait for it: withExpiry() already shows a job past its time as Expired.
import type { Clock } from '../domain/clock';
import { MESSAGES } from '../domain/importJob';
import type { Logger } from '../http/logger';
import type { Uploads } from '../operations/types';
import type { Store } from '../store/ports';

export async function expireUnstartedJobs(store: Store, uploads: Pick<Uploads, 'discard'>, clock: Clock, ttlMs: number): Promise<number> {
  const keys = await store.jobs.expireJobs(clock.now() - ttlMs, ttlMs, MESSAGES.expired);
  await uploads.discard(keys);
  return keys.length;
}

export function startExpirySweeper(store: Store, uploads: Pick<Uploads, 'discard'>, clock: Clock, ttlMs: number, everyMs: number, log: Logger): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    expireUnstartedJobs(store, uploads, clock, ttlMs)
      .catch((e: unknown) => log.error('expiry sweep failed', { error: e instanceof Error ? e.stack : String(e) }))
      .finally(() => { running = false; });
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
