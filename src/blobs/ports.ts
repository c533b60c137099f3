import type { Readable } from 'node:stream';

/**
 * Where the blob stores differ, declared once per store: code that cares reads
 * blobs.capabilities instead of asking which store it has.
 */
export interface BlobCapabilities {
  /**
   * Clients PUT a job's CSV file straight into the store, to a URL the store itself pre-signs
   * (presignPut), as AWS's Cognito hands out URLs of its own bucket. Our server never sees the
   * bytes: StartUserImportJob has to find the upload and freeze it (src/operations/uploads.ts).
   * S3: yes. Files: no, uploads go through our server's PUT endpoint (src/http/upload.ts),
   * which writes them with write() and refuses a PUT once the job is started.
   */
  directUploads: boolean;
  /**
   * Several servers, on one machine or many, see the same blobs, so any of them may run a job
   * uploaded through another. S3: yes. Files: only processes sharing the data dir.
   */
  sharedAcrossProcesses: boolean;
}

/** Where uploaded CSV files live: local files by default (files.ts), or an S3 bucket (s3.ts). */
export interface BlobStore {
  readonly capabilities: BlobCapabilities;
  /** For logs and messages: the data dir's uploads folder, or s3://bucket/prefix. */
  readonly location: string;
  /**
   * Streams a body into a new blob, never holding it whole in memory. Nothing is kept if the
   * body ends early, errors or passes maxBytes (then BlobTooLargeError).
   */
  write(key: string, body: Readable, maxBytes: number): Promise<{ bytes: number }>;
  /**
   * Streams a blob, optionally from byte `start` (inclusive) to `end` (inclusive), as fs ranges
   * do: a start at or past the end gives an empty stream. A blob the store says it does not
   * have, at the first read or at a later one, is a BlobNotFoundError on the stream; any other
   * fault (EIO, the network, a 5xx, the store itself missing) is that error, worth retrying.
   */
  read(key: string, range?: { start?: number; end?: number }): Readable;
  /** Deletes a blob; a missing one is not an error. */
  remove(key: string): Promise<void>;
  /**
   * Deletes every blob whose key starts with `prefix/` (a pool's: `<account>/<pool>`), those no
   * job points to included: an upload whose attaching a crash cut short, a replaced one whose
   * deletion was cut short.
   */
  removeAll(prefix: string): Promise<void>;
  /** The blob's size, or undefined when there is no such blob. */
  stat(key: string): Promise<{ bytes: number } | undefined>;
  /** Copies a blob whole to a new key (S3: server-side); false when there is no source blob. */
  copy(fromKey: string, toKey: string): Promise<boolean>;
  /**
   * A URL that lets its holder PUT one blob at `key` for expiresInSeconds from nowMs, with the
   * header `x-amz-server-side-encryption: aws:kms` signed (spec section 5). Only a store with
   * capabilities.directUploads has one; the others throw.
   */
  presignPut(key: string, nowMs: number, expiresInSeconds: number): Promise<string>;
  /**
   * Deletes what writes cut short by a crash (kill -9, power loss) left behind, once untouched
   * for olderThanMs; returns how many. Files: the temporary file of an unfinished write. S3:
   * nothing to do, a PUT that does not complete leaves no object.
   */
  removeAbandonedWrites(olderThanMs: number): Promise<number>;
  /** Throws, with the reason, when the store cannot be reached or used. */
  check(): Promise<void>;
  /** Releases connections. */
  close(): Promise<void>;
}

export class BlobTooLargeError extends Error {
  constructor(readonly seenBytes: number, readonly maxBytes: number) {
    super(`upload passed ${maxBytes} bytes`);
  }
}

/**
 * The store is there and answers that it has no such blob (files: ENOENT with the store's folder
 * present; S3: NoSuchKey). A job's blob is deleted only with its job, so for a job this means
 * someone deleted it behind our back, and no retry brings it back (src/worker/importUsers.ts).
 */
export class BlobNotFoundError extends Error {
  override readonly name = 'BlobNotFoundError';
  constructor(readonly key: string, where: string) {
    super(`no blob ${key} in ${where}`);
  }
}
