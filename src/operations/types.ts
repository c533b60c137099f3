import type { OperationName, OperationTypes } from '../api/generated/cognitoIdp';
import type { OperationName as LogsOperationName, OperationTypes as LogsOperationTypes } from '../api/generated/logs';
import type { BlobStore } from '../blobs/ports';
import type { Clock } from '../domain/clock';
import type { IdGenerator } from '../domain/ids';
import type { JobKey } from '../domain/importJob';
import type { Scope, Store } from '../store/ports';

export interface Limits {
  /** A Created job not started within this long expires (spec section 4: 24 h). */
  jobTtlMs: number;
  /** [OURS] spec section 2: more than 1,000 jobs in a pool is LimitExceededException. */
  maxJobsPerPool: number;
  /** Pre-signed URL lifetime in seconds (spec section 5: 900). */
  uploadUrlSeconds: number;
}

export interface UploadUrls {
  urlFor(key: JobKey, region: string, nowMs: number): Promise<string>;
}

export interface Services {
  store: Store;
  blobs: BlobStore;
  clock: Clock;
  ids: IdGenerator;
  uploads: UploadUrls;
  limits: Limits;
  /** Tells the import runner a job was queued, so it need not wait for its next poll. */
  jobQueued(): void;
}

export interface RequestContext {
  scope: Scope;
  requestId: string;
}

export type Handler<K extends OperationName> =
  (input: OperationTypes[K]['input'], ctx: RequestContext) => Promise<OperationTypes[K]['output']>;

export type LogsHandler<K extends LogsOperationName> =
  (input: LogsOperationTypes[K]['input'], ctx: RequestContext) => Promise<LogsOperationTypes[K]['output']>;
