import type { IncomingMessage } from 'node:http';

export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`body over ${limit} bytes`);
  }
}

/** How long a body may take: in all, and between two of its pieces. */
export interface BodyTimeouts {
  totalMs: number;
  idleMs: number;
}

/** The body did not arrive in time; `message` says which budget ran out, for the client. */
export class BodyTimeoutError extends Error {}

const seconds = (ms: number): string => `${ms % 1000 ? (ms / 1000).toFixed(1) : ms / 1000} s`;

/**
 * Reads a request body, refusing it as soon as it passes limit bytes (Content-Length or counted),
 * or when it takes longer than the timeouts allow. Node's own requestTimeout is one for the whole
 * server and must allow an upload an hour, so a client sending a byte now and then would hold a
 * connection (and its buffered body) that long without these timers.
 */
export function readBody(req: IncomingMessage, limit: number, timeouts?: BodyTimeouts): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(new BodyTooLargeError(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let total: NodeJS.Timeout | undefined;
    let idle: NodeJS.Timeout | undefined;
    const stop = (): void => {
      clearTimeout(total);
      clearTimeout(idle);
      req.removeListener('data', onData);
      req.removeListener('end', onEnd);
      req.removeListener('error', onError);
      req.removeListener('close', onClose);
    };
    const fail = (e: Error): void => {
      stop();
      req.pause();
      reject(e);
    };
    const onData = (c: Buffer): void => {
      size += c.length;
      if (size > limit) return fail(new BodyTooLargeError(limit));
      chunks.push(c);
      idle?.refresh();
    };
    const onEnd = (): void => {
      stop();
      resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size));
    };
    const onError = (e: Error): void => {
      stop();
      reject(e);
    };
    // Closed before its end without an 'error' (Node versions differ): settled now, so no timer
    // fires later to answer a client that is gone.
    const onClose = (): void => onError(new Error('the connection closed before the body ended'));
    if (timeouts) {
      total = setTimeout(() => fail(new BodyTimeoutError(`The request body did not arrive within ${seconds(timeouts.totalMs)} of its headers.`)), timeouts.totalMs);
      idle = setTimeout(() => fail(new BodyTimeoutError(`No part of the request body arrived for ${seconds(timeouts.idleMs)}.`)), timeouts.idleMs);
    }
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}
