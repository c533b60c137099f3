// The event-loop budget (no request holds the loop more than ~20 ms) for the requests known to
// be the heaviest: the largest body the API accepts, in the shapes that cost the most to parse
// and check; pools with the most schema attributes; ListUsers over a pool of thousands of users;
// GetLogEvents and FilterLogEvents over a stream of 10,000 events. Each is measured with
// perf_hooks.monitorEventLoopDelay in the server's process while the request runs, sent from
// another thread (test/helpers/eventLoop.ts, fetchWorker.ts), and tried again, up to 6 times in
// all, when over budget (the first request of a kind also pays for compiling its code).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { cleanup, KEY_A, startTestServer, type TestServer } from '../helpers/server';
import { callApi } from '../helpers/signing';
import { signRaw } from '../helpers/rawSigned';
import { ThreadClient } from '../helpers/fetchWorker';
import { LOOP_BUDGET_MS, measureLoop, measureWithinBudget } from '../helpers/eventLoop';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MAX_API_BODY } from '../../src/http/apiHandler';
import type { Store } from '../../src/store/ports';

const REGION = 'us-west-2';
const USERS = 10_000;
const EVENTS = 10_000;
const STREAM = 'import-BIGSTREAM0/big';

let server: TestServer;
let store: Store;
let client: ThreadClient;
let poolId: string;
let group: string;

async function seedUsers(pool: string, count: number): Promise<void> {
  for (let from = 0; from < count; from += 1000) {
    const drafts = Array.from({ length: 1000 }, (_, k) => {
      const i = from + k;
      return {
        username: `user${String(i).padStart(5, '0')}`, usernameKey: `user${String(i).padStart(5, '0')}`, status: 'RESET_REQUIRED' as const, aliases: [],
        attributes: [['email', `user${i}@example.com`], ['email_verified', 'true'], ['name', `User ${i}`], ['given_name', 'User'], ['family_name', `Number${i}`]] as [string, string][],
      };
    });
    await store.users.createUsers(KEY_A.accountId, pool, drafts, Date.now(), randomUUID);
  }
}

before(async () => {
  server = await startTestServer();
  store = await server.openStore();
  client = new ThreadClient();
  const pool = await callApi(server.url, 'CreateUserPool', { PoolName: 'budget', AutoVerifiedAttributes: ['email'] }, { key: KEY_A, region: REGION });
  poolId = (pool.json.UserPool as { Id: string }).Id;
  await seedUsers(poolId, USERS);
  group = `/aws/cognito/userpools/${poolId}/budget`;
  const t0 = Date.now() - 3_600_000;
  for (let b = 0; b < EVENTS / 2000; b++) {
    await store.logs.appendEvents({ accountId: KEY_A.accountId, region: REGION }, group, STREAM, Array.from({ length: 2000 }, (_, k) => {
      const line = b * 2000 + k + 1;
      return { seq: line, timestampMs: t0 + b * 1000, ingestionMs: t0 + b * 1000 + 5,
        message: line % 97 === 0 ? `[FAILED] Line Number ${line} - The User Record does not set any of the auto verified attributes to true.` : `[SUCCEEDED] Line Number ${line} - The import succeeded.` };
    }));
  }
});
after(async () => {
  await client?.close();
  await store?.close();
  await server?.close();
  if (server) cleanup(server.dataDir);
});

interface Budgeted {
  t: { diagnostic(m: string): void };
  /** Readings over budget, asserted on by done() once every request of the test has been measured. */
  over: string[];
}

const budgeted = (t: Budgeted['t']): Budgeted => ({ t, over: [] });
const done = (b: Budgeted): void => assert.deepEqual(b.over, [], `over the ${LOOP_BUDGET_MS} ms budget:\n${b.over.join('\n')}`);

/** Signs the body (before the measurement), sends it, checks the answer and records the loop's longest delay. */
async function withinBudget(b: Budgeted, target: string, body: string, expect: (status: number, text: string) => void): Promise<void> {
  const service = target.startsWith('Logs_') ? 'logs' : 'cognito-idp';
  const req = await signRaw(server.url, target, Buffer.from(body), { key: KEY_A, region: REGION, service });
  const r = await measureWithinBudget(() => client.send(req));
  const what = `${target} (${Buffer.byteLength(body)} bytes: ${body.slice(0, 80)}): event loop held ${r.tries.join(' ms, ')} ms`;
  b.t.diagnostic(`${what}; answered ${r.value.status} with ${r.value.text.length} chars`);
  assert.ok(r.value.status < 500, r.value.text.slice(0, 500));
  expect(r.value.status, r.value.text);
  if (r.maxDelayMs > LOOP_BUDGET_MS) b.over.push(what);
}

test('the measurement sees a request that holds the loop: a handler that blocks 40 ms reads 40 ms or more', async () => {
  const blocking = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const until = performance.now() + 40;
      while (performance.now() < until); // the block under test
      res.end('{}');
    });
  });
  await new Promise<void>((r) => blocking.listen(0, '127.0.0.1', r));
  try {
    const url = `http://127.0.0.1:${(blocking.address() as AddressInfo).port}/`;
    const r = await measureLoop(() => client.send({ url, headers: {}, body: '{}' }));
    assert.ok(r.maxDelayMs >= 40, `read ${r.maxDelayMs} ms`);
    const idle = await measureLoop(() => client.send({ url: `${server.url}/health`.replace('/health', '/'), headers: {}, body: '' }));
    assert.ok(idle.value.status > 0);
  } finally {
    await new Promise((r) => blocking.close(r));
  }
});

const COGNITO = 'AWSCognitoIdentityProviderService.';
const is = (status: number, type?: string) => (s: number, text: string): void => {
  assert.equal(s, status, text.slice(0, 300));
  if (type) assert.equal((JSON.parse(text) as { __type: string }).__type, type);
};

/** Fills a body to just under the 1 MiB limit with `n` repeats of `item`, joined by `sep`. */
function fill(open: string, item: string, sep: string, close: string): string {
  const n = Math.floor((MAX_API_BODY - open.length - close.length) / (item.length + sep.length));
  return open + Array(n).fill(item).join(sep) + close;
}

test('the largest body: a 1 MiB string in a member (refused, the value echoed)', async (t) => {
  const b = budgeted(t);
  await withinBudget(b, `${COGNITO}DescribeUserPool`, fill('{"UserPoolId":"', 'x', '', '"}'), is(400, 'InvalidParameterException'));
  done(b);
});

test('the largest body: 1 MiB of attribute names in ListUsers AttributesToGet (over the 5,000 values a body may hold)', async (t) => {
  const b = budgeted(t);
  await withinBudget(b, `${COGNITO}ListUsers`, fill(`{"UserPoolId":"${poolId}","AttributesToGet":[`, '"email"', ',', ']}'), is(400, 'SerializationException'));
  done(b);
});

test('the most values a body may hold: 4,990 attribute names in ListUsers AttributesToGet', async (t) => {
  const b = budgeted(t);
  const names = Array.from({ length: 4_990 }, () => 'email');
  await withinBudget(b, `${COGNITO}ListUsers`, JSON.stringify({ UserPoolId: poolId, AttributesToGet: names }), is(200));
  done(b);
});

test('the largest body: 1 MiB of nested arrays in an unknown member', async (t) => {
  const b = budgeted(t);
  const depth = Math.floor((MAX_API_BODY - 64) / 2);
  await withinBudget(b, `${COGNITO}DescribeUserPool`, `{"UserPoolId":"${poolId}","x":${'['.repeat(depth)}${']'.repeat(depth)}}`, is(400, 'SerializationException'));
  done(b);
});

test('the largest body: 1 MiB of small objects in an unknown member', async (t) => {
  const b = budgeted(t);
  await withinBudget(b, `${COGNITO}DescribeUserPool`, fill(`{"UserPoolId":"${poolId}","x":[`, '{}', ',', ']}'), is(400, 'SerializationException'));
  done(b);
});

test('CreateUserPool with the most schema attributes (50), each with constraints', async (t) => {
  const b = budgeted(t);
  const schema = Array.from({ length: 50 }, (_, i) => (i % 2
    ? { Name: `n${i}`, AttributeDataType: 'Number', Mutable: true, NumberAttributeConstraints: { MinValue: '0', MaxValue: '1000000' } }
    : { Name: `s${i}`, AttributeDataType: 'String', Mutable: true, StringAttributeConstraints: { MinLength: '0', MaxLength: '2048' } }));
  await withinBudget(b, `${COGNITO}CreateUserPool`, JSON.stringify({ PoolName: 'many-attributes', Schema: schema }), is(200));
  done(b);
});

test(`ListUsers with a filter on a pool of ${USERS} users: a prefix, an exact match, one that matches nothing`, async (t) => {
  const b = budgeted(t);
  for (const Filter of ['name ^= "User 4"', `email = "user${USERS - 1}@example.com"`, 'family_name = "Nobody"', 'given_name ^= "User"']) {
    await withinBudget(b, `${COGNITO}ListUsers`, JSON.stringify({ UserPoolId: poolId, Filter, Limit: 60 }), is(200));
  }
  done(b);
});

test(`GetLogEvents of a stream of ${EVENTS} events: the whole stream in one page`, async (t) => {
  const b = budgeted(t);
  for (const startFromHead of [true, false]) {
    await withinBudget(b, 'Logs_20140328.GetLogEvents', JSON.stringify({ logGroupName: group, logStreamName: STREAM, startFromHead }), (s, text) => {
      is(200)(s, text);
      assert.equal((JSON.parse(text) as { events: unknown[] }).events.length, EVENTS);
    });
  }
  done(b);
});

test(`FilterLogEvents over a stream of ${EVENTS} events: every event, and a term in 1 of 97`, async (t) => {
  const b = budgeted(t);
  await withinBudget(b, 'Logs_20140328.FilterLogEvents', JSON.stringify({ logGroupName: group }), is(200));
  await withinBudget(b, 'Logs_20140328.FilterLogEvents', JSON.stringify({ logGroupName: group, filterPattern: 'FAILED' }), is(200));
  done(b);
});

test(`DeleteUserPool of a pool of ${USERS} users`, async (t) => {
  const b = budgeted(t);
  // Each try deletes a pool of its own (a second try would find the pool gone): up to 3, lowest kept.
  const readings: number[] = [];
  for (let i = 0; i < 3 && !(readings.length && Math.min(...readings) <= LOOP_BUDGET_MS); i++) {
    const doomed = await callApi(server.url, 'CreateUserPool', { PoolName: 'doomed' }, { key: KEY_A, region: REGION });
    const id = (doomed.json.UserPool as { Id: string }).Id;
    await seedUsers(id, USERS);
    const req = await signRaw(server.url, `${COGNITO}DeleteUserPool`, Buffer.from(JSON.stringify({ UserPoolId: id })), { key: KEY_A, region: REGION, service: 'cognito-idp' });
    const r = await measureLoop(() => client.send(req));
    is(200)(r.value.status, r.value.text);
    readings.push(Math.round(r.maxDelayMs * 10) / 10);
  }
  t.diagnostic(`DeleteUserPool of ${USERS} users: event loop held ${readings.join(' ms, ')} ms`);
  if (Math.min(...readings) > LOOP_BUDGET_MS) b.over.push(`DeleteUserPool of ${USERS} users: ${readings.join(' ms, ')} ms`);
  done(b);
});
