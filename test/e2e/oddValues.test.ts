// Values the models allow that a store cannot hold, found by the fuzz test (fuzz.test.ts) as
// 500s on PostgreSQL: U+0000 in stream names, prefixes and filter terms (PostgreSQL text refuses
// it), startTime/endTime past 2^53 ms (bigint refuses 1e300), and page tokens crafted to hold a
// position no page wrote (a millisecond count of 1.5 or 1e300, an id with U+0000). Each gets the
// answer SQLite gives by nature: a name nobody has matches nothing, a time past every event is
// no bound, a token nobody was given is refused. Sent raw and signed, on both backends.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup, KEY_A, startTestServer, type TestServer } from '../helpers/server';
import { signRaw, sendRaw } from '../helpers/rawSigned';
import { FuzzFixtures, REGION, STREAMS } from '../helpers/fuzzFixtures';
import type { Store } from '../../src/store/ports';

let server: TestServer;
let store: Store;
let fx: FuzzFixtures;
const NUL = '\u0000';
const b64 = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');

before(async () => {
  server = await startTestServer();
  store = await server.openStore();
  fx = new FuzzFixtures(server, store);
  await fx.build();
});
after(async () => {
  await store.close();
  await server.close();
  cleanup(server.dataDir);
});

async function call(target: string, input: unknown): Promise<{ status: number; json: Record<string, any> }> {
  const service = target.startsWith('Logs_') ? 'logs' : 'cognito-idp';
  const a = await sendRaw(await signRaw(server.url, target, Buffer.from(JSON.stringify(input)), { key: KEY_A, region: REGION, service }));
  return { status: a.status, json: JSON.parse(a.text) as Record<string, any> };
}
const cognito = (op: string, input: unknown) => call(`AWSCognitoIdentityProviderService.${op}`, input);
const logs = (op: string, input: unknown) => call(`Logs_20140328.${op}`, input);

function refused(a: { status: number; json: Record<string, any> }, type: string, message: string): void {
  assert.equal(a.status, 400, JSON.stringify(a.json));
  assert.deepEqual(a.json, { __type: type, message });
}

test('page tokens holding a position no page wrote are refused: 1.5 or 1e300 ms, 2^63, an id with U+0000', async () => {
  const pool = fx.resolve('pool');
  const invalid = (member: string): string => `The ${member} is not valid for this request: pass the value of ${member} from the previous page's answer unchanged.`;
  for (const [ms, id] of [[1e300, 'a'], [1.5, 'a'], [2 ** 63, 'a'], [0, NUL], [0, `a${NUL}`]] as const) {
    refused(await cognito('ListUserPools', { MaxResults: 5, NextToken: b64(['pools', ms, id]) }), 'InvalidParameterException', invalid('NextToken'));
    refused(await cognito('ListUserImportJobs', { UserPoolId: pool, MaxResults: 5, PaginationToken: b64([`jobs:${pool}`, ms, id]) }),
      'InvalidParameterException', invalid('PaginationToken'));
    refused(await cognito('ListUsers', { UserPoolId: pool, PaginationToken: b64([`users:${pool}`, ms, id]) }), 'InvalidParameterException', invalid('PaginationToken'));
  }
  // The tokens the server writes still page.
  const first = await cognito('ListUserPools', { MaxResults: 1 });
  assert.equal((await cognito('ListUserPools', { MaxResults: 1, NextToken: first.json.NextToken })).status, 200);
});

test('log stream names, prefixes and filter terms with U+0000 match nothing', async () => {
  const group = fx.resolve('group');
  const badToken = 'The specified nextToken is invalid.';
  refused(await logs('GetLogEvents', { logGroupName: group, logStreamName: `${STREAMS[0]}${NUL}` }), 'ResourceNotFoundException', 'The specified log stream does not exist.');
  refused(await logs('GetLogEvents', { logGroupName: `${group}-none`, logStreamName: NUL }), 'ResourceNotFoundException', 'The specified log group does not exist.');
  assert.deepEqual((await logs('DescribeLogStreams', { logGroupName: group, logStreamNamePrefix: NUL })).json, { logStreams: [] });
  refused(await logs('DescribeLogStreams', { logGroupName: group, nextToken: b64(['logStreams', [group, null, 'LogStreamName', false], [0, NUL]]) }), 'InvalidParameterException', badToken);
  refused(await logs('DescribeLogGroups', { nextToken: b64(['logGroups', [null, null], [NUL]]) }), 'InvalidParameterException', badToken);
  refused(await logs('FilterLogEvents', { logGroupName: group, logStreamNames: [STREAMS[0], NUL] }), 'ResourceNotFoundException', 'The specified log stream does not exist.');
  assert.deepEqual((await logs('FilterLogEvents', { logGroupName: group, logStreamNamePrefix: `import-${NUL}` })).json, { events: [] });
  assert.deepEqual((await logs('FilterLogEvents', { logGroupName: group, filterPattern: `Line ${NUL}` })).json, { events: [] });
  refused(await logs('FilterLogEvents', { logGroupName: group, nextToken: b64(['logEvents', [group, null, null, '', null, null], [0, NUL, 0]]) }), 'InvalidParameterException', badToken);
  // A term that must not appear and cannot: excludes nothing; another alternative still matches.
  const all = (await logs('FilterLogEvents', { logGroupName: group, limit: 200 })).json.events as unknown[];
  assert.equal(all.length, 120);
  assert.deepEqual((await logs('FilterLogEvents', { logGroupName: group, limit: 200, filterPattern: `-${NUL}` })).json.events, all);
  const failed = (await logs('FilterLogEvents', { logGroupName: group, limit: 200, filterPattern: `?${NUL} ?FAILED` })).json.events as { message: string }[];
  assert.equal(failed.length, 18);
  assert.ok(failed.every((e) => e.message.startsWith('[FAILED]')));
});

test('startTime and endTime past 2^53 ms are no bound: no event is that late', async () => {
  const where = { logGroupName: fx.resolve('group'), logStreamName: STREAMS[0] };
  // 1e300 is no 64-bit integer at all: the protocol layer refuses it before the store sees it.
  const huge = await logs('GetLogEvents', { ...where, startTime: 1e300 });
  assert.equal(huge.status, 400);
  assert.equal(huge.json.__type, 'SerializationException');
  for (const late of [2 ** 63, 2 ** 53 + 2]) {
    const none = await logs('GetLogEvents', { ...where, startTime: late, startFromHead: true });
    assert.equal(none.status, 200, JSON.stringify(none.json));
    assert.deepEqual(none.json.events, []);
    // Its tokens read on from there: nothing more forward, the whole stream backward.
    const again = await logs('GetLogEvents', { ...where, startTime: late, nextToken: none.json.nextForwardToken });
    assert.deepEqual(again.json.events, []);
    const back = await logs('GetLogEvents', { ...where, nextToken: none.json.nextBackwardToken });
    assert.equal((back.json.events as unknown[]).length, 60);
    for (const startFromHead of [true, false]) {
      const every = await logs('GetLogEvents', { ...where, endTime: late, startFromHead });
      assert.equal((every.json.events as unknown[]).length, 60, JSON.stringify(every.json).slice(0, 300));
    }
    assert.deepEqual((await logs('FilterLogEvents', { logGroupName: where.logGroupName, startTime: late })).json, { events: [] });
    assert.equal(((await logs('FilterLogEvents', { logGroupName: where.logGroupName, endTime: late })).json.events as unknown[]).length, 120);
  }
});
