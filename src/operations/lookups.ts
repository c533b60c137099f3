// The two not-found answers every pool and job operation shares.
import { ResourceNotFoundException } from '../api/errors';
import type { JobRecord } from '../domain/importJob';
import type { StoredPool } from '../domain/userPool';
import type { Scope, Store } from '../store/ports';

export const poolNotFound = (poolId: string): ResourceNotFoundException =>
  new ResourceNotFoundException(`User pool ${poolId} does not exist.`);

/** [OURS] message: spec section 2. */
export const jobNotFound = (jobId: string): ResourceNotFoundException =>
  new ResourceNotFoundException(`Import job ${jobId} does not exist.`);

export async function requirePool(store: Store, scope: Scope, poolId: string): Promise<StoredPool> {
  const pool = await store.pools.findPool(scope, poolId);
  if (!pool) throw poolNotFound(poolId);
  return pool;
}

/** The job, after checking its pool is the caller's (another account's job does not exist). */
export async function requireJob(store: Store, scope: Scope, poolId: string, jobId: string): Promise<JobRecord> {
  const job = await store.jobs.findJobInPool(scope, poolId, jobId);
  if (job === 'no-pool') throw poolNotFound(poolId);
  if (!job) throw jobNotFound(jobId);
  return job;
}
