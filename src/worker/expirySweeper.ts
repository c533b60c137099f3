// Persists the expiry of unstarted jobs and deletes their uploads (spec section 4). Reads do
// not wait for it: withExpiry() already shows a job past its time as Expired.
import type { BlobStore } from '../blobs/ports';
import type { Clock } from '../domain/clock';
import { MESSAGES } from '../domain/importJob';
import type { Logger } from '../http/logger';
import type { Store } from '../store/ports';

export async function expireUnstartedJobs(store: Store, blobs: BlobStore, clock: Clock, ttlMs: number): Promise<number> {
  const keys = await store.jobs.expireJobs(clock.now() - ttlMs, ttlMs, MESSAGES.expired);
  await Promise.all(keys.map((k) => blobs.remove(k)));
  return keys.length;
}

export function startExpirySweeper(store: Store, blobs: BlobStore, clock: Clock, ttlMs: number, everyMs: number, log: Logger): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    expireUnstartedJobs(store, blobs, clock, ttlMs)
      .catch((e: unknown) => log.error('expiry sweep failed', { error: e instanceof Error ? e.stack : String(e) }))
      .finally(() => { running = false; });
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
