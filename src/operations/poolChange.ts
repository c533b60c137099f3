// Read-check-write of one user pool with no lost update. UpdateUserPool and AddCustomAttributes
// read the pool, build its new settings from what they read (checking the schema rules against
// it), and save it with a compare-and-set (PoolStore.savePoolIfUnchanged). When another change
// came first ('changed'), the whole read-check-write runs again on the fresh pool, so the rules
// hold across concurrent requests and across instances sharing one PostgreSQL database. Within
// one server the changes of a pool also wait for each other, so they do not spend rounds racing.
import { ConcurrentModificationException, TooManyRequestsException, type ServiceError } from '../api/errors';
import type { StoredPool } from '../domain/userPool';
import type { Clock } from '../domain/clock';
import type { PoolChange, Scope, Store } from '../store/ports';
import { poolNotFound, requirePool } from './lookups';

/**
 * [AWS] Cognito's words when another update of the pool is in flight: the title of
 * serverless/serverless#6524 (UpdateUserPool from a deploy); the pool client's twin,
 * "Only one request to update user pool client can be processed at a time.", is a
 * ConcurrentModificationException in hashicorp/terraform-provider-aws#19794.
 */
export const POOL_BUSY_MESSAGE = 'Only one request to update this UserPool can be processed at a time.';

export interface RetryPolicy {
  /** Read-check-write rounds before giving up. */
  attempts: number;
  /** Before round n+1 the request waits a random time in [0, min(capMs, baseMs * 2^n)). */
  baseMs: number;
  capMs: number;
}

/**
 * Changes of one pool made through one server queue behind each other (queued below), so only
 * servers sharing a PostgreSQL database race. Every loser of a round retries and each round has a
 * winner, so n servers racing need at most n rounds; the random wait (AWS's "full jitter" backoff)
 * spreads the losers out so most need one more.
 */
export const RETRY_BEFORE_CONCURRENT_MODIFICATION: RetryPolicy = { attempts: 8, baseMs: 4, capMs: 200 };

/**
 * AddCustomAttributes' and DeleteUserPool's models list no ConcurrentModificationException, so
 * losing every round answers TooManyRequestsException (see addCustomAttributes.ts); retrying
 * harder here makes that rare.
 */
export const RETRY_BEFORE_TOO_MANY_REQUESTS: RetryPolicy = { attempts: 16, baseMs: 4, capMs: 200 };

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Applies `change` to the pool as stored, retrying on a concurrent change. `change` may throw
 * (a rule the fresh pool breaks): that ends the request with nothing written. A pool deleted
 * meanwhile is ResourceNotFoundException; losing every round throws `busy()`.
 */
export async function changePool(
  s: { store: Store; clock: Clock }, scope: Scope, poolId: string,
  change: (pool: StoredPool) => PoolChange, policy: RetryPolicy, busy: () => ServiceError,
): Promise<void> {
  await onFreshPool(s.store, scope, poolId, policy, busy, async (pool) => {
    const outcome = await s.store.pools.savePoolIfUnchanged(scope, pool.id, pool.modifiedMs, change(pool), s.clock.now());
    return outcome === 'saved' ? { done: undefined } : outcome;
  });
}

/** One round: what came of a write conditional on the pool being as read. */
export type RoundOutcome<T> = { done: T } | 'changed' | 'gone';

/**
 * Reads the pool and runs `attempt` on it, again on a fresh read while it answers 'changed'
 * (another change landed between its read and its write). 'gone' and a pool not found are
 * ResourceNotFoundException; losing every round throws `busy()`.
 */
export async function onFreshPool<T>(
  store: Store, scope: Scope, poolId: string, policy: RetryPolicy, busy: () => ServiceError,
  attempt: (pool: StoredPool) => Promise<RoundOutcome<T>>,
): Promise<T> {
  return queued(store, `${scope.accountId}/${scope.region}/${poolId}`, async () => {
    for (let round = 0; round < policy.attempts; round++) {
      if (round > 0) await pause(Math.random() * Math.min(policy.capMs, policy.baseMs * 2 ** round));
      const outcome = await attempt(await requirePool(store, scope, poolId));
      if (outcome === 'gone') throw poolNotFound(poolId);
      if (outcome !== 'changed') return outcome.done;
    }
    throw busy();
  });
}

/** Per store, so per server (tests run several in one process): the last change queued for each pool. */
const queues = new WeakMap<Store, Map<string, Promise<void>>>();

/**
 * Runs fn after every change queued before it for the same key. By hand: a promise chain per key
 * is a dozen lines, and the mutex libraries have no keys (a map of them would be this again).
 */
async function queued<T>(store: Store, key: string, fn: () => Promise<T>): Promise<T> {
  let tails = queues.get(store);
  if (!tails) queues.set(store, (tails = new Map()));
  const before = tails.get(key) ?? Promise.resolve();
  let done!: () => void;
  const mine = new Promise<void>((resolve) => { done = resolve; });
  const tail = before.then(() => mine);
  tails.set(key, tail);
  await before;
  try {
    return await fn();
  } finally {
    done();
    if (tails.get(key) === tail) tails.delete(key);
  }
}

export const poolBusy = (): ServiceError => new ConcurrentModificationException(POOL_BUSY_MESSAGE);
export const poolThrottled = (): ServiceError => new TooManyRequestsException(POOL_BUSY_MESSAGE);
