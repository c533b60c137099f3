// How long a client may take (src/config.ts, HttpTimeouts), at the wire with raw sockets: the API
// answers a body that dribbles or stalls with 408 RequestTimeoutException and closes the
// connection; headers that dribble are cut off on any route; an upload may pause far longer than
// the API's budget. The server here has budgets of a second or two instead of the defaults
// (15 s headers, 30 s / 10 s idle API body, an hour for an upload).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { performance } from 'node:perf_hooks';
import { ListUserPoolsCommand, type CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { cleanup, startTestServer, FILES_ONLY, type TestServer } from '../helpers/server';
import { newPool, uploadedJob } from '../helpers/jobs';
import { csvText, userRow } from '../helpers/csv';
import { TARGET_PREFIX } from '../helpers/signing';

const BUDGET = { headersMs: 1_000, apiBodyMs: 2_000, apiBodyIdleMs: 800 };
let server: TestServer;
let sdk: CognitoIdentityProviderClient;

before(async () => {
  server = await startTestServer({ http: BUDGET });
  sdk = server.client();
});
after(async () => {
  await server.close();
  cleanup(server.dataDir);
});

interface Outcome { answer: string; closedAfterMs: number; sent: number }

/**
 * Opens a socket, writes `head`, then `piece` every `everyMs` (after `pieces` of them, nothing
 * more) until the server closes the connection; what came back and when the socket closed.
 */
function dribble(head: string, piece: string, everyMs: number, pieces = Infinity): Promise<Outcome> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const sock = connect(server.port, '127.0.0.1');
    let answer = '';
    let sent = 0;
    sock.on('data', (d: Buffer) => { answer += d.toString(); });
    sock.on('error', () => {}); // a write racing the server's close
    sock.on('close', () => {
      clearInterval(timer);
      resolve({ answer, closedAfterMs: performance.now() - t0, sent });
    });
    sock.write(head);
    const timer = setInterval(() => {
      if (sent >= pieces || sock.destroyed) return;
      sock.write(piece);
      sent++;
    }, everyMs);
  });
}

const apiHead = (length: number): string => `POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-amz-json-1.1\r\n`
  + `X-Amz-Target: ${TARGET_PREFIX}ListUserPools\r\nContent-Length: ${length}\r\n\r\n`;

function jsonBody(answer: string): Record<string, unknown> {
  return JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as Record<string, unknown>;
}

test('an API body sent a byte at a time is answered 408 RequestTimeoutException once its budget is spent, and the connection closed', { timeout: 20_000 }, async () => {
  // A byte every 200 ms never trips the idle budget (800 ms); the whole body's (2 s) ends it.
  const r = await dribble(apiHead(1000), ' ', 200);
  assert.match(r.answer, /^HTTP\/1\.1 408 /);
  assert.match(r.answer, /\r\nConnection: close\r\n/i);
  assert.match(r.answer, /\r\nx-amzn-ErrorType: RequestTimeoutException:\r\n/i);
  assert.deepEqual(jsonBody(r.answer), { __type: 'RequestTimeoutException', message: 'The request body did not arrive within 2 s of its headers.' });
  assert.ok(r.closedAfterMs >= BUDGET.apiBodyMs - 50 && r.closedAfterMs < BUDGET.apiBodyMs + 3_000, `closed after ${r.closedAfterMs.toFixed(0)} ms`);
  assert.ok(r.sent < 1000);
});

test('an API body that stops arriving is answered 408 after the idle budget', { timeout: 20_000 }, async () => {
  const r = await dribble(apiHead(1000), '{"MaxResults":', 50, 1);
  assert.match(r.answer, /^HTTP\/1\.1 408 /);
  assert.deepEqual(jsonBody(r.answer), { __type: 'RequestTimeoutException', message: 'No part of the request body arrived for 0.8 s.' });
  assert.ok(r.closedAfterMs >= BUDGET.apiBodyIdleMs - 50 && r.closedAfterMs < BUDGET.apiBodyMs + 1_000, `closed after ${r.closedAfterMs.toFixed(0)} ms`);
});

for (const [route, head] of [['POST /', 'POST / HTTP/1.1\r\n'], ['an upload PUT', 'PUT /111111111111/us-west-2_x/import-x?X-Amz-Expires=900 HTTP/1.1\r\n']] as const) {
  test(`headers sent a byte at a time (${route}) are cut off with 408 within the header budget`, { timeout: 20_000 }, async () => {
    const r = await dribble(head, 'X', 100);
    assert.match(r.answer, /^HTTP\/1\.1 408 /);
    // Node checks the header budget every quarter of it here (every second at most by default).
    assert.ok(r.closedAfterMs >= BUDGET.headersMs - 50 && r.closedAfterMs < BUDGET.headersMs + 3_000, `closed after ${r.closedAfterMs.toFixed(0)} ms`);
  });
}

test('an SDK client is unaffected: requests on a kept-alive connection idle for longer than the header budget', async () => {
  await sdk.send(new ListUserPoolsCommand({ MaxResults: 10 }));
  // The next request on the same connection comes after more than the header budget: an idle
  // kept-alive connection is the keep-alive timeout's business (5 s), not the header budget's.
  await new Promise((r) => setTimeout(r, BUDGET.headersMs + 500));
  const r = await sdk.send(new ListUserPoolsCommand({ MaxResults: 10 }));
  assert.ok(Array.isArray(r.UserPools));
});

test('an upload may pause longer than the API budgets and is still kept', { skip: FILES_ONLY, timeout: 30_000 }, async () => {
  const poolId = await newPool(sdk, 'timeouts');
  const first = csvText([userRow(1)]);
  const { url } = await uploadedJob(sdk, poolId, first);
  const u = new URL(url);
  const body = csvText(Array.from({ length: 50 }, (_, i) => userRow(i)));
  const half = Math.floor(body.length / 2);
  const answer = await new Promise<string>((resolve) => {
    const sock = connect(Number(u.port), u.hostname);
    let out = '';
    sock.on('data', (d: Buffer) => { out += d.toString(); });
    sock.on('close', () => resolve(out));
    sock.write(`PUT ${u.pathname}${u.search} HTTP/1.1\r\nHost: ${u.host}\r\nx-amz-server-side-encryption: aws:kms\r\n`
      + `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body.slice(0, half)}`);
    // The pause is the stimulus: longer than the API's whole-body budget and its idle budget.
    setTimeout(() => sock.write(body.slice(half)), BUDGET.apiBodyMs + 500);
  });
  assert.match(answer, /^HTTP\/1\.1 200 /);
  assert.equal((await server.storedUploads(poolId, new URL(url).pathname.split('/')[3])).length, 1);
});
