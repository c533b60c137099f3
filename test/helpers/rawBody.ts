// Raw AWS JSON 1.1 requests whose body is written by hand (test/helpers/signing.ts serializes an
// object, which cannot make duplicate keys, 1e400, deep nesting or bytes that are not UTF-8),
// signed over those exact bytes; and a measure of how long the server's event loop is held while
// one is answered, the request being sent from a worker thread so that signing and sending do
// not count.
import { Worker } from 'node:worker_threads';
import { signRaw as signAnyTarget } from './rawSigned';
import { TARGET_PREFIX, type RawResponse, type SigningKey } from './signing';

export interface SignedRaw {
  url: string;
  headers: Record<string, string>;
  body: Buffer;
}

/** A Cognito operation's call in us-west-2, signed over exactly these bytes (rawSigned.ts signs). */
export async function signRaw(serverUrl: string, operation: string, body: string | Buffer, key: SigningKey): Promise<SignedRaw> {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const signed = await signAnyTarget(serverUrl, TARGET_PREFIX + operation, bytes, { key, region: 'us-west-2', service: 'cognito-idp' });
  return { url: signed.url, headers: signed.headers, body: bytes };
}

const parse = (status: number, headers: Headers, text: string): RawResponse =>
  ({ status, headers, text, json: text ? JSON.parse(text) as Record<string, unknown> : {} });

export async function postRaw(serverUrl: string, operation: string, body: string | Buffer, key: SigningKey): Promise<RawResponse> {
  const req = await signRaw(serverUrl, operation, body, key);
  const r = await fetch(req.url, { method: 'POST', headers: req.headers, body: req.body });
  return parse(r.status, r.headers, await r.text());
}

const SENDER = `
const { parentPort, workerData } = require('node:worker_threads');
fetch(workerData.url, { method: 'POST', headers: workerData.headers, body: workerData.body })
  .then(async (r) => parentPort.postMessage({ status: r.status, headers: [...r.headers], text: await r.text() }))
  .catch((e) => parentPort.postMessage({ error: String(e) }));`;

/**
 * Sends a signed request from a worker thread and answers it here, noting the longest time this
 * thread's event loop went without turning (what every other client of an in-process test server
 * would have waited).
 */
export async function timedAnswer(req: SignedRaw): Promise<{ response: RawResponse; loopHeldMs: number }> {
  let held = 0;
  let last = performance.now();
  let done = false;
  const turn = (): void => {
    const now = performance.now();
    held = Math.max(held, now - last);
    last = now;
    if (!done) setImmediate(turn);
  };
  setImmediate(turn);
  const worker = new Worker(SENDER, { eval: true, workerData: { url: req.url, headers: req.headers, body: req.body } });
  const m = await new Promise<{ status: number; headers: [string, string][]; text: string; error?: string }>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  done = true;
  await worker.terminate();
  if (m.error) throw new Error(m.error);
  return { response: parse(m.status, new Headers(m.headers), m.text), loopHeldMs: held };
}
