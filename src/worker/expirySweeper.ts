// Persists the expiry of unstarted jobs and deletes their uploads (spec section 4), deletes
// what uploads cut short by a crash left behind, and sign-in's expired sessions, codes and
// refresh tokens. Reads do not wait for it: withExpiry() already shows a job past its time as
// Expired, and an expired refresh token is refused whether or not its row is still there.
import type { BlobStore } from '../blobs/ports';
import type { Clock } from '../domain/clock';
import { ACCESS_TOKEN_MAX_SECONDS } from '../domain/appClient';
import { CODE_PURPOSES } from '../domain/codes';
import { MESSAGES } from '../domain/importJob';
import type { Logger } from '../logger';
import type { Uploads } from '../operations/types';
import type { Store } from '../store/ports';

export async function expireUnstartedJobs(store: Store, uploads: Pick<Uploads, 'discard'>, clock: Clock, ttlMs: number): Promise<number> {
  const keys = await store.jobs.expireJobs(clock.now() - ttlMs, ttlMs, MESSAGES.expired);
  await uploads.discard(keys);
  return keys.length;
}

/**
 * An upload's temporary file untouched this long was cut short by a crash: a live upload writes
 * at every chunk, and the server drops a connection idle for 2 minutes (src/http/server.ts).
 * An hour leaves room for another instance sharing the data dir, with a clock a little off.
 */
export const ABANDONED_WRITE_MS = 60 * 60 * 1000;

/** Deletes the leftovers of uploads cut short by a crash; logs what it did. */
export async function removeAbandonedUploads(blobs: BlobStore, log: Logger): Promise<void> {
  const removed = await blobs.removeAbandonedWrites(ABANDONED_WRITE_MS);
  if (removed) log.info('removed the temporary files of uploads cut short by a crash', { removed, location: blobs.location });
}

/**
 * How long a refresh token's row outlives the token. The access-token check asks that the row of
 * the sign-in's refresh token still stand (RefreshTokenStore.isOriginLive), and an access token
 * issued by a refresh just before the refresh token expired is valid up to ACCESS_TOKEN_MAX_SECONDS
 * longer: removed sooner, such a token would read as revoked while still in force. An hour more
 * for another instance sharing the database with a clock a little off.
 */
export const EXPIRED_REFRESH_TOKEN_KEPT_MS = (ACCESS_TOKEN_MAX_SECONDS + 3_600) * 1000;

/** Deletes sign-in's expired leftovers: challenges never answered, reset codes never used, refresh tokens past EXPIRED_REFRESH_TOKEN_KEPT_MS. */
export async function removeExpiredSignIns(store: Store, clock: Clock): Promise<number> {
  const now = clock.now();
  const removed = await store.credentials.removeExpired(now, [CODE_PURPOSES.forgotPassword]);
  return removed + await store.refreshTokens.removeExpired(now - EXPIRED_REFRESH_TOKEN_KEPT_MS);
}

export function startExpirySweeper(store: Store, uploads: Pick<Uploads, 'discard'>, blobs: BlobStore, clock: Clock, ttlMs: number, everyMs: number, log: Logger): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    expireUnstartedJobs(store, uploads, clock, ttlMs)
      .then(() => removeAbandonedUploads(blobs, log))
      .then(() => removeExpiredSignIns(store, clock))
      .catch((e: unknown) => log.error('expiry sweep failed', { error: e instanceof Error ? e.stack : String(e) }))
      .finally(() => { running = false; });
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
