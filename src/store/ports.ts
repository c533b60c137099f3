// Storage ports, named by intent. Every backend (SQLite now, PostgreSQL next) implements these
// and passes the same conformance suite (test/store). Methods are async so a networked
// backend fits; guarded updates return what happened instead of throwing.
import type { StoredPool, PoolSettings } from '../domain/userPool';
import type { JobKey, JobRecord } from '../domain/importJob';

/** Pools and jobs are visible only to the account (and region) that made them (issue 2, scope 4). */
export interface Scope {
  accountId: string;
  region: string;
}

/** Position after the last item of a page: pages are read in index order from here. */
export interface PageCursor {
  ms: number;
  id: string;
}

export interface PoolStore {
  insertPool(pool: StoredPool): Promise<void>;
  findPool(scope: Scope, poolId: string): Promise<StoredPool | undefined>;
  poolExists(scope: Scope, poolId: string): Promise<boolean>;
  /** Oldest first. */
  listPools(scope: Scope, limit: number, after?: PageCursor): Promise<StoredPool[]>;
  savePool(scope: Scope, poolId: string, name: string, settings: PoolSettings, modifiedMs: number): Promise<boolean>;
  /**
   * Removes the pool and its jobs in one transaction. Returns the upload blobs to delete,
   * or undefined when there was no such pool.
   */
  deletePool(scope: Scope, poolId: string): Promise<string[] | undefined>;
}

export type StartOutcome =
  | { kind: 'started'; job: JobRecord }
  | { kind: 'not-found' }
  | { kind: 'not-startable'; job: JobRecord }
  | { kind: 'no-upload'; job: JobRecord }
  | { kind: 'account-busy'; activeJobId: string };

export type StopOutcome =
  | { kind: 'stopped' | 'stopping'; job: JobRecord }
  | { kind: 'not-found' }
  | { kind: 'not-stoppable'; job: JobRecord };

export interface JobStore {
  /** False when the pool already holds maxJobsPerPool jobs. */
  insertJob(job: JobRecord, maxJobsPerPool: number): Promise<boolean>;
  findJob(key: JobKey): Promise<JobRecord | undefined>;
  /** Newest first. */
  listJobs(accountId: string, poolId: string, limit: number, after?: PageCursor): Promise<JobRecord[]>;
  /**
   * Points a Created job at a newly uploaded blob. Returns the blob it replaces ('' for none),
   * or undefined when the job is not Created (then the new blob belongs to nobody).
   */
  attachUpload(key: JobKey, blobKey: string): Promise<string | undefined>;
  /** Created (and uploaded, and not expired) -> Pending, queued, in one transaction. */
  startJob(key: JobKey, nowMs: number, createdAfterMs: number): Promise<StartOutcome>;
  /** Pending -> Stopped at once; InProgress -> Stopping (the worker finishes the batch). */
  stopJob(key: JobKey, nowMs: number, message: string): Promise<StopOutcome>;
  /** Created jobs made before createdBeforeMs become Expired; returns their upload blobs. */
  expireJobs(createdBeforeMs: number, ttlMs: number, message: string): Promise<string[]>;
}

export interface Store {
  pools: PoolStore;
  jobs: JobStore;
  close(): Promise<void>;
}
