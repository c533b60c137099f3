// Closing the app while requests are still being handled: the server stops taking connections and
// drops the open ones, but a handler whose connection went away is still running, and it must
// finish against an open store. Closed under it, the store made every such handler fail as an
// internal error (on PostgreSQL "Cannot use a pool after calling end on the pool").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup, KEY_A, startTestServer } from '../helpers/server';
import { signRaw } from '../helpers/rawSigned';
import type { Logger } from '../../src/http/logger';
import { nextTurn } from '../../src/nextTurn';

const REGION = 'us-west-2';
const EVENTS = 10_000;

test('close() waits for handlers whose connections it dropped: none ends in an internal error', async () => {
  const errors: string[] = [];
  const log: Logger = { info: () => {}, error: (msg, fields) => errors.push(`${msg} ${JSON.stringify(fields).slice(0, 300)}`) };
  const server = await startTestServer({ log });
  try {
    const group = '/aws/cognito/userpools/us-west-2_closing01/big';
    const store = await server.openStore();
    try {
      await store.logs.appendEvents({ accountId: KEY_A.accountId, region: REGION }, group, 's', Array.from({ length: EVENTS }, (_, i) => (
        { seq: i + 1, timestampMs: 1_700_000_000_000 + i, ingestionMs: 1_700_000_000_000 + i, message: `[SUCCEEDED] Line Number ${i + 1} - The import succeeded.` })));
    } finally {
      await store.close();
    }
    // A page of 10,000 events is read and encoded over dozens of turns of the event loop: closed as
    // soon as the six requests have arrived, their handlers are still going.
    const body = Buffer.from(JSON.stringify({ logGroupName: group, logStreamName: 's', startFromHead: true }));
    const req = await signRaw(server.url, 'Logs_20140328.GetLogEvents', body, { key: KEY_A, region: REGION, service: 'logs' });
    let arrived = 0;
    const allArrived = new Promise<void>((resolve) => server.app.http.on('request', () => { if (++arrived === 6) resolve(); }));
    const calls = Array.from({ length: 6 }, () => fetch(req.url, { method: 'POST', headers: req.headers, body })
      .then(async (r) => `${r.status} ${(await r.text()).length}`, () => 'dropped'));
    await allArrived;
    await server.close();
    const outcomes = await Promise.all(calls);
    // Without the wait, a handler fails at its next read, a turn or two after the store closed.
    for (let i = 0; i < 5; i++) await nextTurn();
    assert.ok(outcomes.includes('dropped'), `some calls were still going at close: ${outcomes.join(', ')}`);
    assert.deepEqual(errors, []);
  } finally {
    cleanup(server.dataDir);
  }
});
