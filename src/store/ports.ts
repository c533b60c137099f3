// Storage ports, named by intent. Every backend (SQLite, PostgreSQL) implements these
// and passes the same conformance suite (test/store). Methods are async so a networked
// backend fits; guarded updates return what happened instead of throwing.
import type { StoredPool, PoolSettings } from '../domain/userPool';
import type { JobEnd, JobKey, JobRecord } from '../domain/importJob';
import type { RowOutcome } from '../domain/rowOutcomes';
import type { AliasKind, StoredUser, UserDraft } from '../domain/user';

import type { ClientSettings, StoredClient } from '../domain/appClient';
import type { LogStore } from './logPorts';
import type { CredentialStore } from './credentialPorts';
import type { UserAdminStore } from './userAdminPorts';
import type { RefreshTokenStore, SigningKeyStore } from './signInPorts';

/** Pools and jobs are visible only to the account (and region) that made them. */
export interface Scope {
  accountId: string;
  region: string;
}

/** Position after the last item of a page: pages are read in index order from here. */
export interface PageCursor {
  ms: number;
  id: string;
}

/** What a pool save writes: the members UpdateUserPool and AddCustomAttributes change. */
export interface PoolChange {
  name: string;
  settings: PoolSettings;
}

export type PoolSaveOutcome = 'saved' | 'changed' | 'gone';

export interface PoolStore {
  insertPool(pool: StoredPool): Promise<void>;
  findPool(scope: Scope, poolId: string): Promise<StoredPool | undefined>;
  poolExists(scope: Scope, poolId: string): Promise<boolean>;
  /**
   * The pool with this id in any account and region: the public routes and the access-token
   * check know only the pool id. Undefined when none, or when two accounts hold the id (a seed
   * file may fix ids): neither can be told from the other.
   */
  findPoolById(poolId: string): Promise<StoredPool | undefined>;
  /** Oldest first. */
  listPools(scope: Scope, limit: number, after?: PageCursor): Promise<StoredPool[]>;
  /**
   * Compare-and-set: stores the pool's new name and settings only if it is still as the caller
   * read it, that is its modifiedMs is still expectedModifiedMs. Every save moves modifiedMs
   * strictly forward, to max(nowMs, expectedModifiedMs + 1), so two saves never leave the same
   * modifiedMs and it serves as the pool's version (a clock behind another instance's, or two
   * saves in one millisecond, cannot make a change invisible). 'changed': another save came
   * first, nothing was written; 'gone': there is no such pool.
   */
  savePoolIfUnchanged(scope: Scope, poolId: string, expectedModifiedMs: number, change: PoolChange, nowMs: number): Promise<PoolSaveOutcome>;
  /**
   * Removes the pool, its jobs and its app clients and signing keys in one transaction, and its
   * users and their sign-in rows (the other tables of POOL_TABLES, signInSchema.ts) with them or
   * right after (capabilities.poolUsersRemoved); a running import notices at its next batch and
   * stops: its job is gone. Log groups stay, as CloudWatch's do. Returns the upload blobs to
   * delete, or undefined when there was no such pool.
   */
  deletePool(scope: Scope, poolId: string): Promise<string[] | undefined>;
  /**
   * deletePool, but only if the pool is still as the caller read it (its modifiedMs is still
   * expectedModifiedMs): a delete decided on a stale read (DeletionProtection since turned on)
   * deletes nothing. The upload blobs to delete, or 'changed' or 'gone' as savePoolIfUnchanged.
   */
  deletePoolIfUnchanged(scope: Scope, poolId: string, expectedModifiedMs: number): Promise<string[] | 'changed' | 'gone'>;
}

/** What a client save writes: the members UpdateUserPoolClient changes (the id, secret and creation stay). */
export interface ClientChange {
  name: string;
  settings: ClientSettings;
}

/**
 * App clients (spec section 9, "App clients"). A client belongs to one pool and goes with it
 * (PoolStore.deletePool); its id is unique across accounts, regions and pools.
 */
export interface ClientStore {
  /**
   * Stores a new client, only while its pool exists (checked in the same statement, and on
   * PostgreSQL holding the pool's row against a deletion until the insert commits), so a client
   * never outlives its pool. False when there is no such pool: nothing was written.
   */
  insertClient(client: StoredClient): Promise<boolean>;
  /** The client of a pool in scope: another account's, region's or pool's is undefined. */
  findClient(scope: Scope, poolId: string, clientId: string): Promise<StoredClient | undefined>;
  /**
   * The client by its id alone, whatever its account: the public sign-in operations (InitiateAuth...)
   * name only the client, and find the pool (and its account) from it.
   */
  findClientById(clientId: string): Promise<StoredClient | undefined>;
  /** A pool's clients, oldest first (created_ms, then client id). */
  listClients(scope: Scope, poolId: string, limit: number, after?: PageCursor): Promise<StoredClient[]>;
  /**
   * Compare-and-set, as PoolStore.savePoolIfUnchanged: stores the new name and settings only if
   * the client's modifiedMs is still expectedModifiedMs, moving it to max(nowMs, expected + 1).
   */
  saveClientIfUnchanged(scope: Scope, poolId: string, clientId: string, expectedModifiedMs: number, change: ClientChange, nowMs: number): Promise<PoolSaveOutcome>;
  /** False when the pool in scope has no such client. */
  deleteClient(scope: Scope, poolId: string, clientId: string): Promise<boolean>;
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
  /** The job of a pool in scope, in one read: 'no-pool' when the pool is not the caller's. */
  findJobInPool(scope: Scope, poolId: string, jobId: string): Promise<JobRecord | 'no-pool' | undefined>;
  /**
   * The number of data rows in the job's file, as the import engine counted them before its first
   * row (ImportStore.recordTotalRows); undefined until then, or when there is no such job.
   */
  totalRows(key: JobKey): Promise<number | undefined>;
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

/** What became of one draft user when it was written (spec section 4; decided by domain/rowOutcomes.ts). */
export type CreateOutcome = RowOutcome;

/** A filter of ListUsers: `attribute = "value"` or `attribute ^= "value"`. */
export interface UserFilter {
  attribute: string;
  op: '=' | '^=';
  value: string;
}

export interface UserStore {
  /**
   * Creates users in order, each with a fresh sub from newSub, each draft's outcome decided by
   * decideRowOutcomes (domain/rowOutcomes.ts) from what the pool holds. All or nothing: one transaction.
   */
  createUsers(accountId: string, poolId: string, drafts: UserDraft[], nowMs: number, newSub: () => string): Promise<CreateOutcome[]>;
  findUser(accountId: string, poolId: string, usernameKey: string): Promise<StoredUser | undefined>;
  /** The user holding this sign-in alias (email, phone_number, preferred_username) in the pool. */
  findUserByAlias(accountId: string, poolId: string, kind: AliasKind, value: string): Promise<StoredUser | undefined>;
  /** In username_key order, after the given key. */
  listUsers(accountId: string, poolId: string, limit: number, afterKey?: string, filter?: UserFilter): Promise<StoredUser[]>;
  /** Removes the user, its aliases and its sign-in rows (USER_TABLES, signInSchema.ts) in one transaction. */
  deleteUser(accountId: string, poolId: string, usernameKey: string): Promise<boolean>;
  countUsers(accountId: string, poolId: string): Promise<number>;
}

export type { JobEnd } from '../domain/importJob';
export type { PoolRef, PublicJwk, NewSigningKey, SigningKey, SigningKeyInfo, SigningKeyStore, RefreshTokenRecord, RefreshTokenStore } from './signInPorts';
export type { LogEventRecord, LogStreamRecord, LogGroupRecord, StoredLogEvent, LogEventGap, LogEventQuery, LogStreamQuery, LogGroupQuery, LogMessageFilter, LogFilterQuery, LogStore } from './logPorts';

/** A job a worker holds the lease of, with where to resume. */
export interface ClaimedImport {
  job: JobRecord;
  region: string;
  poolName: string;
  checkpointOffset: number;
  checkpointRow: number;
  totalRows?: number;
}

/** One data row on its way in: a draft user, or the reason it failed the row rules. */
export interface RowOutcomeInput {
  line: number;
  user?: UserDraft;
  failure?: string;
}

export interface BatchCommit {
  key: JobKey;
  workerId: string;
  /** The checkpoint this batch starts from; a batch applies only on top of it (exactly once). */
  fromRow: number;
  /** The byte offset just after the batch's last line. */
  toOffset: number;
  rows: RowOutcomeInput[];
  nowMs: number;
  leaseMs: number;
  /**
   * A fresh sub for each row that carries a user, in row order, used whatever the row's outcome.
   * Given rather than made by the store: the caller's id generator is injected, and a batch is
   * plain data (the SQLite store commits it in a thread of its own).
   */
  subs: string[];
}

/** A batch made ready by prepareBatch: what it holds is the backend's business. */
export interface PreparedBatch {
  readonly batch: BatchCommit;
}

export type BatchResult =
  | { kind: 'applied'; status: JobRecord['status']; imported: number; skipped: number; failed: number }
  /** Another worker holds the job, or the checkpoint moved: nothing was written. */
  | { kind: 'lost' }
  /** The job (or its pool) no longer exists: nothing was written. */
  | { kind: 'gone' };

export interface ImportStore {
  /** Takes the oldest queued job whose lease is free or expired; Pending becomes InProgress. */
  claimNextJob(workerId: string, nowMs: number, leaseMs: number): Promise<ClaimedImport | undefined>;
  /** False when the lease is no longer ours. */
  renewLease(key: JobKey, workerId: string, nowMs: number, leaseMs: number): Promise<boolean>;
  /** Gives the lease up at once, so the next claim (after a graceful shutdown) need not wait. */
  releaseLease(key: JobKey, workerId: string): Promise<void>;
  recordTotalRows(key: JobKey, workerId: string, totalRows: number): Promise<boolean>;
  /**
   * The work on a batch that needs no database (on PostgreSQL: drawing subs, encoding users and
   * log events), done by the engine while the batch before commits. Synchronous, writes nothing.
   */
  prepareBatch(batch: BatchCommit): PreparedBatch;
  /**
   * Users, counters, checkpoint, lease and log events of one batch, in one transaction.
   * `prepared` is what prepareBatch(batch) returned, when the caller made it beforehand.
   */
  commitBatch(batch: BatchCommit, prepared?: PreparedBatch): Promise<BatchResult>;
  /**
   * Ends the job as `end` says, unless a stop was asked meanwhile (it is Stopping): then Stopped
   * (domain/importJob.ts jobEnding). Frees the queue, and logs end.jobEvent when there is one.
   * Returns the final job, or undefined when not ours.
   */
  finishJob(key: JobKey, workerId: string, end: JobEnd, nowMs: number): Promise<JobRecord | undefined>;
}

export type { StoreCapabilities } from './capabilities';
import type { StoreCapabilities } from './capabilities';

export interface Store {
  /** What this backend can do where backends differ. */
  readonly capabilities: StoreCapabilities;
  pools: PoolStore;
  clients: ClientStore;
  imports: ImportStore;
  jobs: JobStore;
  users: UserStore;
  logs: LogStore;
  /** Sign-in's own rows of a user: SRP verifier, lockout, codes, challenge sessions. */
  credentials: CredentialStore;
  /** The admin user operations' writes: AdminCreateUser, AdminUpdateUserAttributes, Enabled, status. */
  userAdmin: UserAdminStore;
  /** A pool's token signing keys (signInPorts.ts). */
  signingKeys: SigningKeyStore;
  /** Refresh tokens, and whether the tokens of a sign-in still stand (signInPorts.ts). */
  refreshTokens: RefreshTokenStore;
  /** Resolves when the database answers; rejects with the reason otherwise (GET /health). */
  check(): Promise<void>;
  close(): Promise<void>;
}
