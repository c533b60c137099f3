import type { OperationName, OperationTypes, operations as cognitoOperations } from '../api/generated/cognitoIdp';
import type { OperationName as LogsOperationName, OperationTypes as LogsOperationTypes } from '../api/generated/logs';
import type { BlobStore } from '../blobs/ports';
import type { EncodedAnswer } from '../protocol/encodedAnswer';
import type { Clock } from '../domain/clock';
import type { PasswordHashing } from '../domain/hashing';
import type { IdGenerator } from '../domain/ids';
import type { JobKey, JobRecord } from '../domain/importJob';
import type { Outbox } from '../messages/ports';
import type { Scope, Store } from '../store/ports';
import type { SignInServices } from '../signin/services';
import type { TokenService } from '../auth/tokens';

export interface Limits {
  /** A Created job not started within this long expires (spec section 4: 24 h). */
  jobTtlMs: number;
  /** [OURS] spec section 2: more than 1,000 jobs in a pool is LimitExceededException. */
  maxJobsPerPool: number;
  /** Pre-signed URL lifetime in seconds (spec section 5: 900). */
  uploadUrlSeconds: number;
}

/**
 * A job's upload, from its PreSignedUrl to the blob the worker reads. Two ways, one per blob
 * store capability (src/operations/uploads.ts): through our own upload endpoint, or straight
 * into the store (S3) with a URL it pre-signs.
 */
export interface Uploads {
  /** The PreSignedUrl of a new job (spec section 5). */
  urlFor(key: JobKey, region: string, nowMs: number): Promise<string>;
  /** Right after the job is stored: whatever must be recorded so its upload can be cleaned up. */
  jobCreated(key: JobKey): Promise<void>;
  /** Whether a Created job has a file to import; asked before anything changes. */
  uploaded(job: JobRecord): Promise<boolean>;
  /**
   * Just before the guarded start: attaches the file as it is now, so nothing written to the
   * URL afterwards changes what the worker reads. False when the file is gone.
   */
  freeze(job: JobRecord): Promise<boolean>;
  /** Deletes upload blobs the store handed back (expiry, pool deletion) and what they came from. */
  discard(blobKeys: string[]): Promise<void>;
  /** Deletes every upload blob of a deleted pool, those no job pointed to included. */
  discardPool(accountId: string, poolId: string): Promise<void>;
}

export interface Services {
  store: Store;
  blobs: BlobStore;
  clock: Clock;
  ids: IdGenerator;
  uploads: Uploads;
  limits: Limits;
  /** Every password hash and check, at most a few at once (src/domain/hashing.ts). */
  passwords: PasswordHashing;
  /** Where every message to a user goes (invitations, codes): the data dir's outbox, and SMTP when configured (src/messages/). */
  outbox: Outbox;
  /** Tells the import runner a job was queued, so it need not wait for its next poll. */
  jobQueued(): void;
  /** What the sign-in operations need (src/signin/services.ts). */
  signIn: SignInServices;
  /** Sign-in's tokens: issued, checked, revoked; the pools' signing keys (src/auth/tokens). */
  tokens: TokenService;
}

export interface RequestContext {
  scope: Scope;
  requestId: string;
}

/** What an unsigned (public) operation knows of its caller: nothing but the request's id. */
export interface PublicContext {
  requestId: string;
}

/** The operations the model marks unsigned (InitiateAuth, ForgotPassword...): they get a PublicContext. */
export type UnsignedOperation = {
  [K in OperationName]: (typeof cognitoOperations)[K] extends { unsigned: true } ? K : never
}[OperationName];

export type Handler<K extends OperationName> =
  (input: OperationTypes[K]['input'], ctx: K extends UnsignedOperation ? PublicContext : RequestContext) => Promise<OperationTypes[K]['output']>;

/** A Logs answer may come encoded already (src/protocol/encodedAnswer.ts: pages of up to 10,000 events). */
export type LogsHandler<K extends LogsOperationName> =
  (input: LogsOperationTypes[K]['input'], ctx: RequestContext) => Promise<LogsOperationTypes[K]['output'] | EncodedAnswer>;
