// The CloudWatch Logs read API on our endpoint (spec section 6): what a user
// runs to read each import row's outcome, through the AWS SDK v3 client and the installed aws CLI.
// Events are seeded through a second store on the server's own SQLite file, as the import engine
// would write them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  CloudWatchLogsClient, DescribeLogGroupsCommand, DescribeLogStreamsCommand, FilterLogEventsCommand, GetLogEventsCommand,
  paginateDescribeLogGroups, paginateDescribeLogStreams, paginateFilterLogEvents, paginateGetLogEvents,
  type FilteredLogEvent, type FilterLogEventsCommandInput, type OutputLogEvent,
} from '@aws-sdk/client-cloudwatch-logs';
import { CreateUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider';
import { SignatureV4 } from '@smithy/signature-v4';
import { HttpRequest } from '@smithy/protocol-http';
import { Hash } from '@smithy/hash-node';
import type { LogEventRecord, Store } from '../../src/store/ports';
import type { AccessKey } from '../../src/auth/keys';
import { aws, cleanup, KEY_A, KEY_B, startTestServer, type RunResult, type TestServer } from '../helpers/server';
import { signRaw } from '../helpers/rawSigned';

const ACCOUNT = KEY_A.accountId;
const REGION = 'us-west-2';
// Events an hour ago, 50 rows a millisecond-batch, like an import's batches.
const T0 = Math.floor(Date.now() / 1000) * 1000 - 3_600_000;

let server: TestServer;
let seeder: Store;
let logs: CloudWatchLogsClient;
let env: NodeJS.ProcessEnv;
let poolId: string;
let group: string;
let group2: string;
const STREAM1 = 'import-AAAAAAAAAA/first import';
const STREAM2 = 'import-BBBBBBBBBB/second';

const ok = (l: number): string => `[SUCCEEDED] Line Number ${l} - The import succeeded.`;
const skipped = (l: number): string => `[SKIPPED] Line Number ${l} - The user already exists.`;
const failed = (l: number): string =>
  `[FAILED] Line Number ${l} - The User Record does not set any of the auto verified attributes to true. (Example: email_verified to true).`;
/** Stream 1's rows: every 10th skipped, every 25th failed (so 50, 100, ... failed). */
const message1 = (l: number): string => (l % 25 === 0 ? failed(l) : l % 10 === 0 ? skipped(l) : ok(l));

function batch(from: number, to: number, t0: number, per: number, message: (l: number) => string): LogEventRecord[] {
  const out: LogEventRecord[] = [];
  for (let l = from; l <= to; l++) {
    const t = t0 + Math.floor((l - from) / per);
    out.push({ seq: l, timestampMs: t, ingestionMs: t + 3, message: message(l) });
  }
  return out;
}

function client(key: AccessKey = KEY_A, region = REGION): CloudWatchLogsClient {
  return server.logsClient(key, region);
}

before(async () => {
  server = await startTestServer();
  env = server.awsEnv();
  logs = client();
  const pool = await server.client().send(new CreateUserPoolCommand({ PoolName: 'logs-pool' }));
  poolId = pool.UserPool!.Id!;
  group = `/aws/cognito/userpools/${poolId}/logs-pool`;
  group2 = `/aws/cognito/userpools/${REGION}_zzzzzzzzz/other-pool`;
  seeder = await server.openStore();
  const scope = { accountId: ACCOUNT, region: REGION };
  // Stream 1: 250 rows in 5 batches of 50; stream 2: 30 rows in 3 batches of 10, later.
  for (let b = 0; b < 5; b++) await seeder.logs.appendEvents(scope, group, STREAM1, batch(b * 50 + 1, b * 50 + 50, T0 + b * 1000, 50, message1));
  for (let b = 0; b < 3; b++) await seeder.logs.appendEvents(scope, group, STREAM2, batch(b * 10 + 1, b * 10 + 10, T0 + 500 + b * 1000, 10, ok));
  await seeder.logs.appendEvents(scope, group2, 'import-CCCCCCCCCC/x', batch(1, 2, T0, 2, ok));
});
after(async () => {
  await seeder.close();
  await server.close();
  cleanup(server.dataDir);
  if (env.HOME) cleanup(env.HOME);
});

async function rejects(p: Promise<unknown>, name: string, message: string): Promise<void> {
  await assert.rejects(p, (e: Error) => {
    assert.equal(e.name, name);
    assert.equal(e.message, message);
    return true;
  });
}

const lines = (events: { message?: string }[] | undefined): number[] =>
  (events ?? []).map((e) => Number(/Line Number (\d+)/.exec(e.message!)![1]));
const range = (a: number, b: number): number[] => Array.from({ length: b - a + 1 }, (_, i) => a + i);

// ---- DescribeLogGroups ---------------------------------------------------------------------

test('DescribeLogGroups: the pool\'s group with CloudWatch\'s fields, by prefix and page', async () => {
  const r = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: group }));
  assert.equal(r.nextToken, undefined);
  assert.equal(r.logGroups!.length, 1);
  const g = r.logGroups![0];
  const streamBytes = [...range(1, 250).map(message1), ...range(1, 30).map(ok)].reduce((n, m) => n + Buffer.byteLength(m), 0);
  assert.deepEqual(g, {
    logGroupName: group, creationTime: g.creationTime, metricFilterCount: 0,
    arn: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${group}:*`, storedBytes: streamBytes, logGroupClass: 'STANDARD',
    logGroupArn: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${group}`,
  });
  assert.equal(g.creationTime, T0 + 3);

  const names: string[] = [];
  for await (const page of paginateDescribeLogGroups({ client: logs, pageSize: 1 }, { logGroupNamePrefix: '/aws/cognito/userpools/' })) {
    assert.ok(page.logGroups!.length <= 1);
    names.push(...page.logGroups!.map((x) => x.logGroupName!));
  }
  assert.deepEqual(names, [group, group2].sort());
  const pattern = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePattern: 'OTHER-pool' }));
  assert.deepEqual(pattern.logGroups!.map((x) => x.logGroupName), [group2]);
  await rejects(logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/aws', logGroupNamePattern: 'x' })),
    'InvalidParameterException', 'LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.');
  await rejects(logs.send(new DescribeLogGroupsCommand({ limit: 51 })), 'InvalidParameterException',
    "1 validation error detected: Value '51' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 50");
  await rejects(logs.send(new DescribeLogGroupsCommand({ nextToken: 'bm90IG91cnM' })), 'InvalidParameterException', 'The specified nextToken is invalid.');
});

// ---- DescribeLogStreams --------------------------------------------------------------------

test('DescribeLogStreams: one stream per job, by name or last event time, by name or ARN', async () => {
  const r = await logs.send(new DescribeLogStreamsCommand({ logGroupName: group }));
  assert.deepEqual(r.logStreams!.map((s) => s.logStreamName), [STREAM1, STREAM2]);
  const s1 = r.logStreams![0];
  assert.deepEqual(s1, {
    logStreamName: STREAM1, creationTime: T0 + 3, firstEventTimestamp: T0, lastEventTimestamp: T0 + 4000, lastIngestionTime: T0 + 4003,
    arn: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${group}:log-stream:${STREAM1}`,
    storedBytes: range(1, 250).map(message1).reduce((n, m) => n + Buffer.byteLength(m), 0),
  });
  const byTime = await logs.send(new DescribeLogStreamsCommand({ logGroupIdentifier: group, orderBy: 'LastEventTime', descending: true }));
  assert.deepEqual(byTime.logStreams!.map((s) => s.logStreamName), [STREAM1, STREAM2]); // T0+4000 after T0+2500
  const byArn = await logs.send(new DescribeLogStreamsCommand({ logGroupIdentifier: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${group}`, logStreamNamePrefix: 'import-B' }));
  assert.deepEqual(byArn.logStreams!.map((s) => s.logStreamName), [STREAM2]);
  // The model's LogGroupIdentifier pattern has no '*': DescribeLogGroups' `arn` (with ':*') is not an identifier.
  await rejects(logs.send(new DescribeLogStreamsCommand({ logGroupIdentifier: `${byArn.logStreams![0].arn!.split(':log-stream:')[0]}:*` })),
    'InvalidParameterException', `1 validation error detected: Value 'arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${group}:*' at 'logGroupIdentifier' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w#+=/:,.@-]*`);

  const paged: string[] = [];
  for await (const page of paginateDescribeLogStreams({ client: logs, pageSize: 1 }, { logGroupName: group, descending: true })) {
    paged.push(...page.logStreams!.map((s) => s.logStreamName!));
  }
  assert.deepEqual(paged, [STREAM2, STREAM1]);

  await rejects(logs.send(new DescribeLogStreamsCommand({ logGroupName: '/aws/cognito/userpools/none' })),
    'ResourceNotFoundException', 'The specified log group does not exist.');
  await rejects(logs.send(new DescribeLogStreamsCommand({ logGroupIdentifier: `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:${group}` })),
    'ResourceNotFoundException', 'The specified log group does not exist.');
  await rejects(logs.send(new DescribeLogStreamsCommand({ logGroupName: group, orderBy: 'LastEventTime', logStreamNamePrefix: 'import' })),
    'InvalidParameterException', 'Cannot order by LastEventTime with a logStreamNamePrefix.');
  await rejects(logs.send(new DescribeLogStreamsCommand({ logGroupName: group, logGroupIdentifier: group })),
    'ValidationException', 'LogGroup name and LogGroup ARN are mutually exclusive parameters.');
  const first = await logs.send(new DescribeLogStreamsCommand({ logGroupName: group, limit: 1 }));
  await rejects(logs.send(new DescribeLogStreamsCommand({ logGroupName: group, limit: 1, descending: true, nextToken: first.nextToken })),
    'InvalidParameterException', 'The specified nextToken is invalid.');
});

// ---- GetLogEvents --------------------------------------------------------------------------

test('GetLogEvents: the newest events by default, then backward page by page to the first', async () => {
  const first = await logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: STREAM1, limit: 100 }));
  assert.deepEqual(lines(first.events), range(151, 250));
  assert.deepEqual(first.events![0], { timestamp: T0 + 3000, message: message1(151), ingestionTime: T0 + 3003 });
  assert.match(first.nextForwardToken!, /^f\/\d{56}\/s$/);
  assert.match(first.nextBackwardToken!, /^b\/\d{56}\/s$/);

  const seen = [...lines(first.events)];
  let token = first.nextBackwardToken!;
  for (let i = 0; i < 10; i++) {
    const r = await logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: STREAM1, limit: 100, nextToken: token }));
    if (r.nextBackwardToken === token) {
      assert.deepEqual(r.events, []);
      break;
    }
    seen.unshift(...lines(r.events));
    token = r.nextBackwardToken!;
  }
  assert.deepEqual(seen, range(1, 250));

  // Forward from the newest page: nothing more, and the same token back.
  const end = await logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: STREAM1, nextToken: first.nextForwardToken }));
  assert.deepEqual(end.events, []);
  assert.equal(end.nextForwardToken, first.nextForwardToken);
  // New events after that token show up from it.
  await seeder.logs.appendEvents({ accountId: ACCOUNT, region: REGION }, group, 'import-DDDDDDDDDD/late', batch(1, 3, T0, 3, ok));
  const late1 = await logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: 'import-DDDDDDDDDD/late', startFromHead: true, limit: 2 }));
  await seeder.logs.appendEvents({ accountId: ACCOUNT, region: REGION }, group, 'import-DDDDDDDDDD/late', batch(4, 5, T0 + 10, 2, ok));
  const late2 = await logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: 'import-DDDDDDDDDD/late', nextToken: late1.nextForwardToken }));
  assert.deepEqual(lines(late2.events), [3, 4, 5]);
});

test('GetLogEvents: startFromHead pages forward, and the SDK paginator stops on the same token with every event once', async () => {
  const head = await logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: STREAM1, startFromHead: true, limit: 7 }));
  assert.deepEqual(lines(head.events), range(1, 7));
  const all: OutputLogEvent[] = [];
  let pages = 0;
  for await (const page of paginateGetLogEvents({ client: logs, pageSize: 40, stopOnSameToken: true }, { logGroupName: group, logStreamName: STREAM1, startFromHead: true })) {
    pages++;
    all.push(...page.events!);
  }
  assert.deepEqual(lines(all), range(1, 250));
  assert.equal(pages, 8); // 7 pages of events, then the empty page that hands the token back
});

test('GetLogEvents: startTime is inclusive, endTime exclusive, in both directions', async () => {
  const win = { logGroupName: group, logStreamName: STREAM1, startTime: T0 + 1000, endTime: T0 + 3000 };
  const fwd = await logs.send(new GetLogEventsCommand({ ...win, startFromHead: true }));
  assert.deepEqual(lines(fwd.events), range(51, 150));
  const back = await logs.send(new GetLogEventsCommand({ ...win, limit: 30 }));
  assert.deepEqual(lines(back.events), range(121, 150));
  const before = await logs.send(new GetLogEventsCommand({ ...win, limit: 100, nextToken: back.nextBackwardToken }));
  assert.deepEqual(lines(before.events), range(51, 120));
  const none = await logs.send(new GetLogEventsCommand({ ...win, nextToken: before.nextBackwardToken }));
  assert.deepEqual(none.events, []);
  assert.equal(none.nextBackwardToken, before.nextBackwardToken);
  const empty = await logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: STREAM1, startTime: T0 + 10_000 }));
  assert.deepEqual(empty.events, []);
  const again = await logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: STREAM1, startTime: T0 + 10_000, nextToken: empty.nextForwardToken }));
  assert.equal(again.nextForwardToken, empty.nextForwardToken);
});

test('GetLogEvents: unknown group, unknown stream, a bad token and limits are refused as CloudWatch does', async () => {
  await rejects(logs.send(new GetLogEventsCommand({ logGroupName: '/aws/cognito/userpools/nope/x', logStreamName: STREAM1 })),
    'ResourceNotFoundException', 'The specified log group does not exist.');
  await rejects(logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: 'import-XXXXXXXXXX/none' })),
    'ResourceNotFoundException', 'The specified log stream does not exist.');
  await rejects(logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: STREAM1, nextToken: 'invalid-token' })),
    'InvalidParameterException', 'The specified nextToken is invalid.');
  const other = await logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: STREAM2 }));
  await rejects(logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: STREAM1, nextToken: other.nextForwardToken })),
    'InvalidParameterException', 'The specified nextToken is invalid.');
  await rejects(logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: STREAM1, limit: 10001 })),
    'InvalidParameterException', "1 validation error detected: Value '10001' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 10000");
  const byArn = await logs.send(new GetLogEventsCommand({ logGroupIdentifier: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${group}`, logStreamName: STREAM2 }));
  assert.deepEqual(lines(byArn.events), range(1, 30));
});

// ---- FilterLogEvents -----------------------------------------------------------------------

async function filterAll(input: FilterLogEventsCommandInput, pageSize?: number): Promise<FilteredLogEvent[]> {
  const out: FilteredLogEvent[] = [];
  for await (const page of paginateFilterLogEvents({ client: logs, pageSize }, input)) out.push(...page.events!);
  const ids = out.map((e) => e.eventId);
  assert.equal(new Set(ids).size, ids.length, 'an event came back twice');
  return out;
}

test('FilterLogEvents: terms, phrases, alternatives and exclusions across the group\'s streams', async () => {
  const all = await filterAll({ logGroupName: group, logStreamNamePrefix: 'import-' }, 37);
  assert.equal(all.length, 250 + 30 + 5);
  const times = all.map((e) => e.timestamp!);
  assert.deepEqual(times, [...times].sort((a, b) => a - b));
  const e0 = all[0];
  assert.deepEqual([e0.logStreamName, e0.timestamp, e0.message, e0.ingestionTime], [STREAM1, T0, ok(1), T0 + 3]);
  assert.match(e0.eventId!, /^\d{56}$/);

  const f = (filterPattern: string, logStreamNames?: string[]): Promise<FilteredLogEvent[]> =>
    filterAll({ logGroupName: group, filterPattern, logStreamNames }, 4);
  assert.deepEqual(lines(await f('"[FAILED]"')), range(1, 10).map((i) => i * 25));
  assert.deepEqual(lines(await f('FAILED', [STREAM1])), range(1, 10).map((i) => i * 25));
  assert.equal((await f('?FAILED ?SKIPPED', [STREAM1])).length, 10 + 20);
  assert.equal((await f('Line -SUCCEEDED', [STREAM1])).length, 30);
  assert.deepEqual((await f('"Line Number 7 -"')).map((e) => e.logStreamName), [STREAM1, STREAM2]);
  assert.deepEqual(await f('failed'), []); // terms are case-sensitive
  assert.equal((await filterAll({ logGroupName: group, logStreamNames: [STREAM2], startTime: T0 + 1500, endTime: T0 + 2501 })).length, 20);

  await rejects(logs.send(new FilterLogEventsCommand({ logGroupName: group, filterPattern: '{ $.status = "FAILED" }' })), 'InvalidParameterException',
    'This server matches terms only: JSON ({...}), space-delimited ([...]) and regular-expression (%...%) filter patterns are not supported. To match text with brackets, quote it, as in "[FAILED]".');
  await rejects(logs.send(new FilterLogEventsCommand({ logGroupName: group, logStreamNames: ['import-XXXXXXXXXX/none'] })),
    'ResourceNotFoundException', 'The specified log stream does not exist.');
  await rejects(logs.send(new FilterLogEventsCommand({ logGroupName: '/nope' })), 'ResourceNotFoundException', 'The specified log group does not exist.');
  await rejects(logs.send(new FilterLogEventsCommand({ logGroupName: group, logStreamNames: [STREAM1], logStreamNamePrefix: 'i' })),
    'InvalidParameterException', 'Cannot specify both logStreamNames and logStreamNamePrefix.');
  const page = await logs.send(new FilterLogEventsCommand({ logGroupName: group, limit: 2 }));
  await rejects(logs.send(new FilterLogEventsCommand({ logGroupName: group, limit: 2, filterPattern: 'FAILED', nextToken: page.nextToken })),
    'InvalidParameterException', 'The specified nextToken is invalid.');
});

// ---- Scope and signing ---------------------------------------------------------------------

test('another account or region sees none of it', async () => {
  for (const c of [client(KEY_B), client(KEY_A, 'eu-west-1')]) {
    const r = await c.send(new DescribeLogGroupsCommand({}));
    assert.deepEqual(r.logGroups, []);
    await rejects(c.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: STREAM1 })),
      'ResourceNotFoundException', 'The specified log group does not exist.');
    await rejects(c.send(new FilterLogEventsCommand({ logGroupName: group })), 'ResourceNotFoundException', 'The specified log group does not exist.');
    await rejects(c.send(new DescribeLogStreamsCommand({ logGroupName: group })), 'ResourceNotFoundException', 'The specified log group does not exist.');
  }
});

test('a Logs request signed for cognito-idp is refused', async () => {
  const url = new URL(server.url);
  const body = JSON.stringify({ logGroupName: group, logStreamName: STREAM1 });
  const request = new HttpRequest({
    method: 'POST', protocol: url.protocol, hostname: url.hostname, port: Number(url.port), path: '/',
    headers: { host: url.host, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Logs_20140328.GetLogEvents' },
    body,
  });
  const send = async (service: string): Promise<{ status: number; json: Record<string, string> }> => {
    const signer = new SignatureV4({ credentials: KEY_A, region: REGION, service, sha256: Hash.bind(null, 'sha256'), applyChecksum: false });
    const signed = await signer.sign(request);
    const headers = Object.fromEntries(Object.entries(signed.headers).filter(([k]) => k.toLowerCase() !== 'host'));
    const res = await fetch(`${url.origin}/`, { method: 'POST', headers, body });
    return { status: res.status, json: (await res.json()) as Record<string, string> };
  };
  const refused = await send('cognito-idp');
  assert.equal(refused.status, 400);
  assert.equal(refused.json.__type, 'InvalidSignatureException');
  assert.equal(refused.json.message, "Credential should be scoped to correct service: 'logs'. ");
  const accepted = await send('logs');
  assert.equal(accepted.status, 200);
  assert.equal((accepted.json as unknown as { events: unknown[] }).events.length, 250);
});

// ---- The aws CLI ---------------------------------------------------------------------------

const cli = (...args: string[]): Promise<RunResult> => aws(server, ['logs', ...args], env);
async function cliJson(...args: string[]): Promise<Record<string, unknown>> {
  const r = await cli(...args);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

test('aws logs get-log-events: every row of a job, and manual paging with --next-token ends on the same token', async () => {
  const r = await cliJson('get-log-events', '--log-group-name', group, '--log-stream-name', STREAM1);
  assert.deepEqual(lines(r.events as OutputLogEvent[]), range(1, 250));
  assert.deepEqual((r.events as OutputLogEvent[])[49], { timestamp: T0, message: message1(50), ingestionTime: T0 + 3 });

  const seen: number[] = [];
  let token: string | undefined;
  for (let i = 0; i < 20; i++) {
    const page = await cliJson('get-log-events', '--log-group-name', group, '--log-stream-name', STREAM1, '--start-from-head', '--limit', '60',
      ...(token ? ['--next-token', token] : []));
    seen.push(...lines(page.events as OutputLogEvent[]));
    if (page.nextForwardToken === token) break;
    token = page.nextForwardToken as string;
  }
  assert.deepEqual(seen, range(1, 250));

  const missing = await cli('get-log-events', '--log-group-name', group, '--log-stream-name', 'import-XXXXXXXXXX/none');
  assert.equal(missing.code, 255);
  assert.equal(missing.stderr.trim(),
    'An error occurred (ResourceNotFoundException) when calling the GetLogEvents operation: The specified log stream does not exist.');
});

test('aws logs filter-log-events: the CLI pages on its own, ends, and prints every event once', async () => {
  const all = await cliJson('filter-log-events', '--log-group-name', group, '--page-size', '37');
  const events = all.events as FilteredLogEvent[];
  assert.equal(events.length, 285);
  assert.equal(new Set(events.map((e) => e.eventId)).size, 285);
  assert.equal(all.nextToken, undefined);

  const failedRows = await cliJson('filter-log-events', '--log-group-name', group, '--log-stream-names', STREAM1,
    '--filter-pattern', '"[FAILED]"', '--page-size', '3');
  assert.deepEqual(lines(failedRows.events as FilteredLogEvent[]), range(1, 10).map((i) => i * 25));
  const windowed = await cliJson('filter-log-events', '--log-group-name', group, '--start-time', String(T0 + 1000), '--end-time', String(T0 + 2000),
    '--filter-pattern', '?SKIPPED ?FAILED', '--page-size', '2');
  assert.deepEqual(lines(windowed.events as FilteredLogEvent[]), [60, 70, 75, 80, 90, 100]);
});

test('aws logs describe-log-streams and describe-log-groups page on their own too', async () => {
  const streams = await cliJson('describe-log-streams', '--log-group-name', group, '--page-size', '1');
  assert.deepEqual((streams.logStreams as { logStreamName: string }[]).map((s) => s.logStreamName), [STREAM1, STREAM2, 'import-DDDDDDDDDD/late']);
  const groups = await cliJson('describe-log-groups', '--log-group-name-prefix', '/aws/cognito/userpools/', '--page-size', '1');
  assert.deepEqual((groups.logGroups as { logGroupName: string }[]).map((g) => g.logGroupName), [group, group2].sort());
  const unknown = await cli('describe-log-streams', '--log-group-name', '/aws/cognito/userpools/none');
  assert.equal(unknown.code, 255);
  assert.equal(unknown.stderr.trim(),
    'An error occurred (ResourceNotFoundException) when calling the DescribeLogStreams operation: The specified log group does not exist.');
});

// ---- Pages larger than one chunk -------------------------------------------------------------

// A page is read from the store and encoded 1,000 events a turn of the event loop
// (src/operations/logs/encodeAnswer.ts): the answer must be the text one JSON encoding of the
// whole output makes, byte for byte, and clients must still get every event once, in order.
test('a page of more than 1,000 events: the answer is the whole output encoded at once, and the aws CLI reads every event in order', async () => {
  const bigGroup = `/aws/cognito/userpools/${poolId}/big-pages`;
  const bigStream = 'import-EEEEEEEEEE/big';
  const odd = (l: number): string => (l % 7 === 0 ? `[FAILED] Line Number ${l} - "quoted" \\ é \u2028 😀` : ok(l));
  const events = batch(1, 2_600, T0, 9, odd);
  const scope = { accountId: ACCOUNT, region: REGION };
  for (let i = 0; i < events.length; i += 1_000) await seeder.logs.appendEvents(scope, bigGroup, bigStream, events.slice(i, i + 1_000));
  const call = async (op: string, input: unknown): Promise<{ text: string; length: string | null }> => {
    const req = await signRaw(server.url, `Logs_20140328.${op}`, JSON.stringify(input), { key: KEY_A, region: REGION, service: 'logs' });
    const res = await fetch(req.url, { method: 'POST', headers: req.headers, body: req.body });
    assert.equal(res.status, 200);
    return { text: await res.text(), length: res.headers.get('content-length') };
  };

  const got = await call('GetLogEvents', { logGroupName: bigGroup, logStreamName: bigStream, startFromHead: true });
  const tokens = JSON.parse(got.text) as { nextForwardToken: string; nextBackwardToken: string };
  assert.equal(got.text, JSON.stringify({
    events: events.map((e) => ({ timestamp: e.timestampMs, message: e.message, ingestionTime: e.ingestionMs })),
    nextForwardToken: tokens.nextForwardToken, nextBackwardToken: tokens.nextBackwardToken,
  }));
  assert.equal(got.length, String(Buffer.byteLength(got.text)));

  const filtered = await call('FilterLogEvents', { logGroupName: bigGroup, limit: 2_500 });
  const parsed = JSON.parse(filtered.text) as { events: FilteredLogEvent[]; nextToken: string };
  assert.equal(filtered.text, JSON.stringify({
    events: events.slice(0, 2_500).map((e, i) => ({
      logStreamName: bigStream, timestamp: e.timestampMs, message: e.message, ingestionTime: e.ingestionMs, eventId: parsed.events[i].eventId,
    })),
    nextToken: parsed.nextToken,
  }));

  const r = await cliJson('get-log-events', '--log-group-name', bigGroup, '--log-stream-name', bigStream, '--start-from-head');
  assert.deepEqual((r.events as OutputLogEvent[]).map((e) => e.message), events.map((e) => e.message));
  const f = await cliJson('filter-log-events', '--log-group-name', bigGroup, '--page-size', '1100');
  assert.deepEqual((f.events as FilteredLogEvent[]).map((e) => e.message), events.map((e) => e.message));
});
