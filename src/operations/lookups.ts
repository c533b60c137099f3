// The not-found answers the pool, job and app client operations share.
import { ResourceNotFoundException } from '../api/errors';
import type { JobRecord } from '../domain/importJob';
import type { StoredClient } from '../domain/appClient';
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

/** [AWS] Cognito's words (aws/aws-sdk-php#2183, aws-amplify/amplify-flutter#740); spec section 9, "App clients". */
export const clientNotFound = (clientId: string): ResourceNotFoundException =>
  new ResourceNotFoundException(`User pool client ${clientId} does not exist.`);

/** The caller's pool (ResourceNotFoundException otherwise) and its client (the same, with the client's words, otherwise). */
export async function requireClient(store: Store, scope: Scope, poolId: string, clientId: string): Promise<StoredClient> {
  if (!(await store.pools.poolExists(scope, poolId))) throw poolNotFound(poolId);
  const client = await store.clients.findClient(scope, poolId, clientId);
  if (!client) throw clientNotFound(clientId);
  return client;
}
