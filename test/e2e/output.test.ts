// render() against the installed aws CLI (version 1) on the same server answers, byte for byte
// (spec section 7): the SDK v3 client fetches an answer, render() prints it,
// and `aws --output X` prints the same call's answer from the wire. json runs with
// `cli_timestamp_format = wire` in a temp AWS_CONFIG_FILE (v1's default too); text and table
// print wire timestamps the same way.
//
// v2 behaviour checked here through v1: v2 prints timestamps as ISO 8601 by default, which v1
// prints with `cli_timestamp_format = iso8601` by the same code (botocore's parse_timestamp and
// isoformat), so those cases run v1 with that setting and a TZ with a half-hour offset. yaml
// and yaml-stream exist only in v2: test/unit/output.test.ts pins them to ruamel's output.
process.env.TZ = 'Asia/Kolkata'; // before any Date is formatted: render() and aws share this zone
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CognitoIdentityProviderClient, CreateUserImportJobCommand, CreateUserPoolCommand, DescribeUserImportJobCommand,
  DescribeUserPoolCommand, GetCSVHeaderCommand, ListUserImportJobsCommand, ListUsersCommand, StartUserImportJobCommand,
  StopUserImportJobCommand, type UserImportJobType,
} from '@aws-sdk/client-cognito-identity-provider';
import { aws, cleanup, FakeClock, ROLE_ARN, startTestServer, type TestServer } from '../helpers/server';
import { uploadCsv } from '../helpers/upload';
import { csvText, userRow } from '../helpers/csv';
import { operations, shapes } from '../../src/api/generated/cognitoIdp';
import { render } from '../../src/cli/output/index';
import type { OutputFormat, TimestampFormat } from '../../src/cli/types';

type Op = keyof typeof operations;

// The aws CLI signs with the real time, so the fake clock stays near it. Jobs get dates with a
// millisecond fraction and one whole second (the wire then carries an integer, which Python
// keeps as an int: 1795641171, not 1795641171.0).
const T0 = Math.floor(Date.now() / 1000) * 1000 + 471;
const clock = new FakeClock(T0);

let quiet: TestServer; // no import runner: jobs stay where the test puts them
let busy: TestServer; // one import runner, for users that really get imported
let quietSdk: CognitoIdentityProviderClient;
let busySdk: CognitoIdentityProviderClient;
let wireEnv: NodeJS.ProcessEnv;
let isoEnv: NodeJS.ProcessEnv;
let quietPool: string;
let busyPool: string;
let created: UserImportJobType;
let stopped: UserImportJobType;

function envWith(server: TestServer, config: string): NodeJS.ProcessEnv {
  const env = server.awsEnv();
  const file = join(env.HOME!, 'config');
  writeFileSync(file, config);
  return { ...env, AWS_CONFIG_FILE: file, TZ: process.env.TZ };
}

before(async () => {
  quiet = await startTestServer({ clock });
  busy = await startTestServer({ clock, worker: { concurrency: 1 } });
  quietSdk = quiet.client({ clock });
  busySdk = busy.client({ clock });
  wireEnv = envWith(quiet, '[default]\ncli_timestamp_format = wire\n');
  isoEnv = envWith(quiet, '[default]\ncli_timestamp_format = iso8601\n');

  quietPool = (await quietSdk.send(new CreateUserPoolCommand({
    PoolName: 'output-pool', AutoVerifiedAttributes: ['email'], UserPoolTags: { team: 'identity', cost: 'ünïcode ✓' },
  }))).UserPool!.Id!;
  created = (await quietSdk.send(new CreateUserImportJobCommand({ UserPoolId: quietPool, JobName: 'created job', CloudWatchLogsRoleArn: ROLE_ARN }))).UserImportJob!;
  await quietSdk.send(new CreateUserImportJobCommand({ UserPoolId: quietPool, JobName: 'another_job-2', CloudWatchLogsRoleArn: ROLE_ARN }));
  const s = (await quietSdk.send(new CreateUserImportJobCommand({ UserPoolId: quietPool, JobName: 'stopped job', CloudWatchLogsRoleArn: ROLE_ARN }))).UserImportJob!;
  assert.equal((await uploadCsv(s.PreSignedUrl!, csvText([userRow(1)]))).status, 200);
  clock.advance(529); // StartDate on a whole second
  await quietSdk.send(new StartUserImportJobCommand({ UserPoolId: quietPool, JobId: s.JobId }));
  clock.advance(1);
  stopped = (await quietSdk.send(new StopUserImportJobCommand({ UserPoolId: quietPool, JobId: s.JobId }))).UserImportJob!;
  assert.equal(stopped.Status, 'Stopped');

  busyPool = (await busySdk.send(new CreateUserPoolCommand({ PoolName: 'import-pool', AutoVerifiedAttributes: ['email'] }))).UserPool!.Id!;
  const j = (await busySdk.send(new CreateUserImportJobCommand({ UserPoolId: busyPool, JobName: 'users', CloudWatchLogsRoleArn: ROLE_ARN }))).UserImportJob!;
  const rows = [userRow(1), userRow(2, { name: 'Zoë Ünïcödé 全角', phone_number: '+15555550100' }), userRow(3, { 'cognito:mfa_enabled': 'false', locale: 'fr' })];
  assert.equal((await uploadCsv(j.PreSignedUrl!, csvText(rows))).status, 200);
  await busySdk.send(new StartUserImportJobCommand({ UserPoolId: busyPool, JobId: j.JobId }));
  for (let i = 0; ; i++) {
    const d = (await busySdk.send(new DescribeUserImportJobCommand({ UserPoolId: busyPool, JobId: j.JobId }))).UserImportJob!;
    if (d.Status === 'Succeeded') break;
    assert.ok(i < 500 && ['Pending', 'InProgress'].includes(d.Status!), `import job ${d.Status}`);
    await new Promise((r) => setTimeout(r, 20));
  }
});

after(async () => {
  for (const s of [quiet, busy]) {
    await s.close();
    cleanup(s.dataDir);
  }
  for (const e of [wireEnv, isoEnv]) cleanup(e.HOME!);
});

interface Case {
  server: () => TestServer;
  sdk: () => CognitoIdentityProviderClient;
  op: Op;
  args: () => string[];
  input: () => Record<string, unknown>;
}

const COMMANDS: Record<string, Case> = {
  'describe-user-import-job (Created)': {
    server: () => quiet, sdk: () => quietSdk, op: 'DescribeUserImportJob',
    args: () => ['describe-user-import-job', '--user-pool-id', quietPool, '--job-id', created.JobId!],
    input: () => ({ UserPoolId: quietPool, JobId: created.JobId }),
  },
  'describe-user-import-job (Stopped, every member)': {
    server: () => quiet, sdk: () => quietSdk, op: 'DescribeUserImportJob',
    args: () => ['describe-user-import-job', '--user-pool-id', quietPool, '--job-id', stopped.JobId!],
    input: () => ({ UserPoolId: quietPool, JobId: stopped.JobId }),
  },
  'list-user-import-jobs': {
    server: () => quiet, sdk: () => quietSdk, op: 'ListUserImportJobs',
    args: () => ['list-user-import-jobs', '--user-pool-id', quietPool, '--max-results', '10'],
    input: () => ({ UserPoolId: quietPool, MaxResults: 10 }),
  },
  'get-csv-header': {
    server: () => quiet, sdk: () => quietSdk, op: 'GetCSVHeader',
    args: () => ['get-csv-header', '--user-pool-id', quietPool],
    input: () => ({ UserPoolId: quietPool }),
  },
  'describe-user-pool': {
    server: () => quiet, sdk: () => quietSdk, op: 'DescribeUserPool',
    args: () => ['describe-user-pool', '--user-pool-id', quietPool],
    input: () => ({ UserPoolId: quietPool }),
  },
  'list-users (imported)': {
    server: () => busy, sdk: () => busySdk, op: 'ListUsers',
    args: () => ['list-users', '--user-pool-id', busyPool],
    input: () => ({ UserPoolId: busyPool }),
  },
};

const COMMAND_CLASSES = {
  DescribeUserImportJob: DescribeUserImportJobCommand, ListUserImportJobs: ListUserImportJobsCommand,
  GetCSVHeader: GetCSVHeaderCommand, DescribeUserPool: DescribeUserPoolCommand, ListUsers: ListUsersCommand,
} as const;

async function fetch(c: Case): Promise<unknown> {
  const Cmd = COMMAND_CLASSES[c.op as keyof typeof COMMAND_CLASSES] as unknown as new (i: Record<string, unknown>) => Parameters<CognitoIdentityProviderClient['send']>[0];
  return c.sdk().send(new Cmd(c.input()));
}

interface Run { format: OutputFormat; query?: string; ts?: TimestampFormat; color?: boolean }

/** aws's stdout for the case, and render() of the SDK's answer to the same call. */
async function both(c: Case, r: Run): Promise<{ printed: string; rendered: string }> {
  const env = r.ts === 'iso8601' ? isoEnv : wireEnv;
  const extra = [...(r.query ? ['--query', r.query] : []), ...(r.color ? ['--color', 'on'] : [])];
  const [out, value] = await Promise.all([aws(c.server(), ['cognito-idp', ...c.args(), '--output', r.format, ...extra], env), fetch(c)]);
  assert.equal(out.code, 0, out.stderr);
  const rendered = render(value, {
    format: r.format, query: r.query, timestampFormat: r.ts ?? 'wire', color: r.color ?? false,
    shapes, outputShape: operations[c.op].output, operationName: c.op, terminalWidth: 80,
  });
  return { printed: out.stdout, rendered };
}

async function same(c: Case, r: Run): Promise<string> {
  const { printed, rendered } = await both(c, r);
  assert.equal(rendered, printed);
  return printed;
}

for (const [name, c] of Object.entries(COMMANDS)) {
  describe(name, () => {
    test('json, wire timestamps', async () => {
      const out = await same(c, { format: 'json' });
      assert.ok(out.startsWith('{\n    "'));
    });
    test('text', () => same(c, { format: 'text' }).then(() => undefined));
    test('table (80 columns, as aws uses when stdout is not a terminal)', () => same(c, { format: 'table' }).then(() => undefined));
    // v2's default: ISO 8601 in the local zone (+05:30 here), microseconds when not zero.
    test('json, iso8601 timestamps (aws CLI v2 default)', () => same(c, { format: 'json', ts: 'iso8601' }).then(() => undefined));
  });
}

describe('what the outputs contain', () => {
  test('wire dates keep the fraction, and a whole second prints as an integer', async () => {
    const out = await same(COMMANDS['describe-user-import-job (Stopped, every member)'], { format: 'json' });
    assert.match(out, new RegExp(`"CreationDate": ${(T0 / 1000).toFixed(3).replace('.', '\\.')},`));
    assert.match(out, new RegExp(`"StartDate": ${(T0 + 529) / 1000},`));
    assert.match(out, /"CompletionMessage": "The Import Job was stopped by the developer\."\n/);
  });

  test('iso8601: local zone, microseconds only when the date has a fraction', async () => {
    const out = await same(COMMANDS['describe-user-import-job (Stopped, every member)'], { format: 'json', ts: 'iso8601' });
    assert.match(out, /"CreationDate": "\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.471000\+05:30"/);
    assert.match(out, /"StartDate": "\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+05:30"/);
  });

  test('text: USERIMPORTJOB and the scalars in alphabetical key order', async () => {
    const out = await same(COMMANDS['describe-user-import-job (Created)'], { format: 'text' });
    const [first, ...rest] = out.split('\t');
    assert.equal(first, 'USERIMPORTJOB');
    assert.equal(rest[0], ROLE_ARN); // CloudWatchLogsRoleArn comes first
    assert.equal(out.split('\n').length, 2);
  });

  test('json keeps non-ASCII as is (ensure_ascii=False, both versions)', async () => {
    const out = await same(COMMANDS['list-users (imported)'], { format: 'json' });
    assert.ok(out.includes('"Zoë Ünïcödé 全角"'));
  });

  test('table: wide characters count two columns; colour codes with --color on', async () => {
    await same(COMMANDS['list-users (imported)'], { format: 'table', color: true });
    const out = await same(COMMANDS['describe-user-pool'], { format: 'table', color: true });
    assert.ok(out.includes('\x1b[1m\x1b[34m'));
  });
});

describe('--query', () => {
  const job = COMMANDS['describe-user-import-job (Stopped, every member)'];
  const list = COMMANDS['list-user-import-jobs'];
  const header = COMMANDS['get-csv-header'];
  const queries: [Case, string][] = [
    [job, 'UserImportJob.Status'],
    [job, 'UserImportJob.ImportedUsers'],
    [job, 'UserImportJob.{Id: JobId, Started: StartDate, Nothing: NoSuchMember}'],
    [job, 'UserImportJob.[JobName, Status, CompletionDate]'],
    [list, 'UserImportJobs[].JobId'],
    [list, 'UserImportJobs[].[JobId, Status]'],
    [list, "UserImportJobs[?Status=='Created']"],
    [header, 'CSVHeader[0:3]'],
    [header, 'length(CSVHeader)'],
    [COMMANDS['describe-user-pool'], 'UserPool.SchemaAttributes[?Name==`email`]'],
    [COMMANDS['list-users (imported)'], 'Users[].Username'],
    [COMMANDS['list-users (imported)'], 'Users[].Attributes[?Name==`name`].Value[]'],
  ];
  for (const [c, q] of queries) {
    for (const format of ['text', 'json'] as const) test(`${format}: ${q}`, () => same(c, { format, query: q }).then(() => undefined));
  }
  test('table: UserImportJobs[].[JobId, Status] and a nested filter', async () => {
    await same(list, { format: 'table', query: 'UserImportJobs[].[JobId, Status]' });
    await same(COMMANDS['describe-user-pool'], { format: 'table', query: 'UserPool.SchemaAttributes[?Name==`email`]' });
  });
  test('a scalar in text is its str(); a missing member is None in text and null in json', async () => {
    assert.equal(await same(job, { format: 'text', query: 'UserImportJob.Status' }), 'Stopped\n');
    assert.equal(await same(job, { format: 'text', query: 'UserImportJob.Nope' }), 'None\n');
    assert.equal(await same(job, { format: 'json', query: 'UserImportJob.Nope' }), 'null\n');
  });
});
