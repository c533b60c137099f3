import type { Readable } from 'node:stream';

/** Where uploaded CSV files live: local files by default, S3 in a later backend. */
export interface BlobStore {
  /**
   * Streams a body into a new blob, never holding it whole in memory. Nothing is kept if the
   * body ends early, errors or passes maxBytes (then BlobTooLargeError).
   */
  write(key: string, body: Readable, maxBytes: number): Promise<{ bytes: number }>;
  /** Streams a blob, optionally from byte `start` (inclusive) to `end` (inclusive), as fs ranges do. */
  read(key: string, range?: { start?: number; end?: number }): Readable;
  remove(key: string): Promise<void>;
}

export class BlobTooLargeError extends Error {
  constructor(readonly seenBytes: number, readonly maxBytes: number) {
    super(`upload passed ${maxBytes} bytes`);
  }
}
