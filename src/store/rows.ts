// Row <-> domain mapping shared by the SQL backends (SQLite, PostgreSQL): the same column names;
// PostgreSQL returns its BIGINTs as numbers (see postgres/pgStore.ts), so one mapping fits both.
import type { JobRecord, JobStatus } from '../domain/importJob';
import type { PoolSettings, StoredPool } from '../domain/userPool';
import type { ClientSettings, StoredClient } from '../domain/appClient';
import type { LogStreamRecord } from './ports';
export interface JobRow {
  account_id: string; pool_id: string; job_id: string; job_name: string; status: string; role_arn: string;
  pre_signed_url: string; hashing_alg: string | null; created_ms: number; started_ms: number | null;
  completed_ms: number | null; imported: number; skipped: number; failed: number;
  completion_message: string | null; blob_key: string | null;
}

/** A job row joined with its pool and queue entry: what a worker claims. */
export interface ClaimRow extends JobRow {
  region: string;
  pool_name: string;
  checkpoint_offset: number;
  checkpoint_row: number;
  total_rows: number | null;
  lease_owner: string | null;
}

export interface PoolRow {
  account_id: string; region: string; pool_id: string; name: string; created_ms: number; modified_ms: number; settings: string;
}

/** import_jobs' columns, in the order of JobRow: the PostgreSQL queries name them, raw reads rely on the order. */
export const JOB_COLUMNS = ['account_id', 'pool_id', 'job_id', 'job_name', 'status', 'role_arn', 'pre_signed_url', 'hashing_alg',
  'created_ms', 'started_ms', 'completed_ms', 'imported', 'skipped', 'failed', 'completion_message', 'blob_key'] as const;

/**
 * A job row from positional values (JOB_COLUMNS order, from index `at`). Why: better-sqlite3
 * builds a named row by internalising every column name again for every row; DescribeUserImportJob
 * reads one row per call, and raw mode cut that read by about 30% (in a loop).
 */
export const jobRowAt = (v: unknown[], at: number): JobRow => ({
  account_id: v[at] as string, pool_id: v[at + 1] as string, job_id: v[at + 2] as string, job_name: v[at + 3] as string,
  status: v[at + 4] as string, role_arn: v[at + 5] as string, pre_signed_url: v[at + 6] as string,
  hashing_alg: v[at + 7] as string | null, created_ms: v[at + 8] as number, started_ms: v[at + 9] as number | null,
  completed_ms: v[at + 10] as number | null, imported: v[at + 11] as number, skipped: v[at + 12] as number,
  failed: v[at + 13] as number, completion_message: v[at + 14] as string | null, blob_key: v[at + 15] as string | null,
});

export const toJob = (r: JobRow): JobRecord => ({
  accountId: r.account_id, poolId: r.pool_id, jobId: r.job_id, jobName: r.job_name, status: r.status as JobStatus,
  roleArn: r.role_arn, preSignedUrl: r.pre_signed_url,
  passwordHashingAlgorithm: (r.hashing_alg ?? undefined) as JobRecord['passwordHashingAlgorithm'],
  createdMs: r.created_ms, startedMs: r.started_ms ?? undefined, completedMs: r.completed_ms ?? undefined,
  imported: r.imported, skipped: r.skipped, failed: r.failed,
  completionMessage: r.completion_message ?? undefined, blobKey: r.blob_key ?? undefined,
});

export const toPool = (r: PoolRow): StoredPool => ({
  accountId: r.account_id, region: r.region, id: r.pool_id, name: r.name,
  createdMs: r.created_ms, modifiedMs: r.modified_ms, settings: JSON.parse(r.settings) as PoolSettings,
});

export interface ClientRow {
  client_id: string; account_id: string; region: string; pool_id: string; client_name: string; client_secret: string | null;
  created_ms: number; modified_ms: number; settings: string;
}

/** app_clients' columns (signInSchema.ts), in the order of ClientRow. */
export const CLIENT_COLUMNS = ['client_id', 'account_id', 'region', 'pool_id', 'client_name', 'client_secret', 'created_ms', 'modified_ms', 'settings'] as const;

export const toClient = (r: ClientRow): StoredClient => ({
  accountId: r.account_id, region: r.region, poolId: r.pool_id, clientId: r.client_id, name: r.client_name,
  ...(r.client_secret !== null && { secret: r.client_secret }),
  createdMs: r.created_ms, modifiedMs: r.modified_ms, settings: JSON.parse(r.settings) as ClientSettings,
});

/** A client as the insert statements bind it (both backends, in CLIENT_COLUMNS order). */
export const clientValues = (c: StoredClient): unknown[] =>
  [c.clientId, c.accountId, c.region, c.poolId, c.name, c.secret ?? null, c.createdMs, c.modifiedMs, JSON.stringify(c.settings)];

/** A log_streams row. */
export interface StreamRow {
  stream_id: number; group_name: string; stream_name: string; created_ms: number; first_event_ms: number | null;
  last_event_ms: number | null; last_ingestion_ms: number | null; stored_bytes: number;
}

export function toStream(r: StreamRow): LogStreamRecord {
  const s: LogStreamRecord = { groupName: r.group_name, streamName: r.stream_name, createdMs: r.created_ms, storedBytes: r.stored_bytes };
  if (r.first_event_ms !== null) s.firstEventMs = r.first_event_ms;
  if (r.last_event_ms !== null) s.lastEventMs = r.last_event_ms;
  if (r.last_ingestion_ms !== null) s.lastIngestionMs = r.last_ingestion_ms;
  return s;
}
