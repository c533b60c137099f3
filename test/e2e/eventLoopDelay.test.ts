// serve --debug-event-loop-delay (src/http/eventLoopDelay.ts): off by default (the path is an
// unknown route), on it answers the event loop's delay histogram to local clients only, GET
// reading the window and POST reading it and starting a new one. bench/api reads it around an import.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { networkInterfaces } from 'node:os';
import { startApp } from '../../src/app';
import { loadServeConfig } from '../../src/config';
import { silentLogger } from '../../src/http/logger';
import type { EventLoopDelayWindow } from '../../src/http/eventLoopDelay';
import { isLoopback } from '../../src/http/localRequest';
import { KEY_A, cleanup, spawnServer, tempDir } from '../helpers/server';

const PATH = '/debug/event-loop-delay';
const KEY_ENV = { COGNITO_IMPORT_ACCESS_KEY_ID: KEY_A.accessKeyId, COGNITO_IMPORT_SECRET_ACCESS_KEY: KEY_A.secretAccessKey };
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function read(url: string, method = 'GET'): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(url + PATH, { method });
  return { status: res.status, json: await res.json() as Record<string, unknown> };
}

test('off by default: /debug/event-loop-delay is an unknown route', async () => {
  const dataDir = tempDir();
  const server = await spawnServer(['--data-dir', dataDir], KEY_ENV);
  try {
    for (const method of ['GET', 'POST']) {
      const r = await read(server.url, method);
      assert.equal(r.status, 404);
      assert.equal(r.json.__type, 'UnknownOperationException');
    }
  } finally {
    await server.stop();
    cleanup(dataDir);
  }
});

test('--debug-event-loop-delay: the delay of a block in the server\'s loop; POST starts a new window', async () => {
  const dataDir = tempDir();
  const config = loadServeConfig(['--port', '0', '--data-dir', dataDir, '--worker-concurrency', '0', '--debug-event-loop-delay'], KEY_ENV);
  // In this process, so this test can hold the server's loop itself.
  const app = await startApp({ config, log: silentLogger });
  try {
    await read(app.url, 'POST');
    await sleep(20); // the first tick after a reset only sets where the histogram counts from
    const until = Date.now() + 40;
    while (Date.now() < until); // holds the loop 40 ms
    await sleep(20);
    const held = await read(app.url);
    assert.equal(held.status, 200);
    const w = held.json as unknown as EventLoopDelayWindow;
    assert.equal(w.resolutionMs, 1);
    assert.ok(w.samples > 0);
    assert.ok(w.delayMs.max >= 35, `max ${w.delayMs.max} ms after a 40 ms block`);
    assert.ok(w.delayMs.p50 <= w.delayMs.p99 && w.delayMs.p99 <= w.delayMs.max);
    // GET leaves the window; POST answers it and starts another, without the block.
    const again = (await read(app.url, 'POST')).json as unknown as EventLoopDelayWindow;
    assert.ok(again.samples >= w.samples && again.delayMs.max >= 35);
    const fresh = (await read(app.url)).json as unknown as EventLoopDelayWindow;
    assert.ok(fresh.samples < again.samples, `${fresh.samples} samples after the reset, ${again.samples} before`);
    assert.ok(fresh.delayMs.max < 35, `max ${fresh.delayMs.max} ms in the new window`);
  } finally {
    await app.close();
    cleanup(dataDir);
  }
});

test('only clients on this machine: loopback addresses, IPv4-mapped too', () => {
  for (const a of ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1']) assert.equal(isLoopback(a), true, a);
  for (const a of ['10.0.0.1', '192.168.1.127', '::ffff:10.0.0.1', '::2', '1127.0.0.1', '', undefined]) assert.equal(isLoopback(a), false, String(a));
});

const external = Object.values(networkInterfaces()).flat().find((i) => i && i.family === 'IPv4' && !i.internal)?.address;

test('a server listening on every address answers the route only over loopback', { skip: external ? false : 'no non-loopback IPv4 address on this machine' }, async () => {
  const dataDir = tempDir();
  const server = await spawnServer(['--data-dir', dataDir, '--host', '0.0.0.0', '--debug-event-loop-delay'], KEY_ENV);
  try {
    assert.equal((await read(`http://127.0.0.1:${server.port}`)).status, 200);
    const far = await read(`http://${external}:${server.port}`);
    assert.equal(far.status, 404);
    assert.equal(far.json.__type, 'UnknownOperationException');
  } finally {
    await server.stop();
    cleanup(dataDir);
  }
});
