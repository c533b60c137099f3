// An HTTP client on a thread of its own, for tests that measure the event loop of a server
// running in the test's process (test/helpers/eventLoop.ts): fetch writing a megabyte body and
// reading the answer then runs on this thread's loop, not on the server's, so what is measured
// is the server. Bodies travel as transferred ArrayBuffers (no copy); answers come back as text.
import { parentPort, Worker } from 'node:worker_threads';
import { join } from 'node:path';
import type { RawAnswer, RawSigned } from './rawSigned';

interface Job {
  id: number;
  url: string;
  headers: Record<string, string>;
  body: ArrayBuffer;
  timeoutMs: number;
}

type Reply = { id: number; answer: RawAnswer } | { id: number; error: string };

if (parentPort) {
  const port = parentPort;
  port.on('message', (job: Job) => {
    fetch(job.url, { method: 'POST', headers: job.headers, body: job.body, signal: AbortSignal.timeout(job.timeoutMs) })
      .then(async (r) => ({ status: r.status, contentType: r.headers.get('content-type'), requestId: r.headers.get('x-amzn-requestid'), text: await r.text() }))
      .then((answer) => port.postMessage({ id: job.id, answer } satisfies Reply), (e: unknown) => port.postMessage({ id: job.id, error: String(e) } satisfies Reply));
  });
}

/** Sends requests from the worker thread; close() when done. */
export class ThreadClient {
  private readonly worker = new Worker(join(__dirname, 'fetchWorker.js'));
  private readonly waiting = new Map<number, { resolve: (a: RawAnswer) => void; reject: (e: Error) => void }>();
  private next = 0;

  constructor() {
    this.worker.on('message', (m: Reply) => {
      const w = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      if ('error' in m) w?.reject(new Error(`no answer: ${m.error}`));
      else w?.resolve(m.answer);
    });
    this.worker.on('error', (e) => this.waiting.forEach((w) => w.reject(e)));
  }

  /** Rejects when no answer comes within timeoutMs: a hung server fails the test, not CI's clock. */
  send(req: RawSigned, timeoutMs = 15_000): Promise<RawAnswer> {
    const bytes = typeof req.body === 'string' ? Buffer.from(req.body) : req.body;
    // A copy of its own, so the transfer cannot detach a buffer the caller (or Node's pool) still uses.
    const body = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, url: req.url, headers: req.headers, body, timeoutMs } satisfies Job, [body]);
    });
  }

  close(): Promise<number> {
    return this.worker.terminate();
  }
}
