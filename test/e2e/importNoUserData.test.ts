// Nothing a user wrote appears in a message or log line (spec section 6). Files with a marker in
// every cell and header cell, failing every rule there is, go through real import jobs; then every
// text the run produced is searched for the marker: CompletionMessage (DescribeUserImportJob and
// ListUserImportJobs), every CloudWatch event (GetLogEvents and FilterLogEvents), the server's own
// log lines, and what `import-users --dry-run` prints for the same files. Whole-file failures must
// also read the same in the job and in the dry run.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CognitoIdentityProviderClient, CreateUserPoolCommand, GetCSVHeaderCommand, ListUserImportJobsCommand,
  type PasswordHashingAlgorithmType,
} from '@aws-sdk/client-cognito-identity-provider';
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { cleanup, KEY_A, startTestServer, tempDir, type TestServer } from '../helpers/server';
import { runImport } from '../helpers/jobs';
import { importUsers } from '../../src/cli/commands/importUsers';
import type { Io, ResolvedSettings } from '../../src/cli/types';
import type { Logger } from '../../src/http/logger';

const M = 'Zq9Hostile';
const POOL_NAME = 'hostile';
const serverLog: string[] = [];
const capturing: Logger = {
  error: (msg, fields) => serverLog.push(JSON.stringify({ msg, ...fields })),
  info: (msg, fields) => serverLog.push(JSON.stringify({ msg, ...fields })),
};

let server: TestServer;
let sdk: CognitoIdentityProviderClient;
let logs: CloudWatchLogsClient;
let dir: string;
let poolId: string;
let header: string[];

before(async () => {
  server = await startTestServer({ worker: { concurrency: 1 }, log: capturing });
  sdk = server.client();
  logs = server.logsClient();
  dir = tempDir('ci-no-user-data-');
  poolId = (await sdk.send(new CreateUserPoolCommand({
    PoolName: POOL_NAME, AutoVerifiedAttributes: ['email'], AliasAttributes: ['email', 'preferred_username'],
    Schema: [
      { Name: 'tier', AttributeDataType: 'String', StringAttributeConstraints: { MinLength: '2', MaxLength: '16' } },
      { Name: 'age', AttributeDataType: 'Number', NumberAttributeConstraints: { MinValue: '0', MaxValue: '150' } },
      { Name: 'vip', AttributeDataType: 'Boolean' },
      { Name: 'since', AttributeDataType: 'DateTime' },
    ],
  }))).UserPool!.Id!;
  header = (await sdk.send(new GetCSVHeaderCommand({ UserPoolId: poolId }))).CSVHeader!;
});
after(async () => {
  await server.close();
  cleanup(server.dataDir);
  cleanup(dir);
});

type Row = Record<string, string>;
const FREE_TEXT = ['name', 'given_name', 'family_name', 'middle_name', 'nickname', 'profile', 'picture', 'website', 'gender', 'zoneinfo', 'locale'];

/** A good row with the marker in every cell that may hold it. */
function hostile(i: number, change: Row = {}): Row {
  const r: Row = {
    'cognito:username': `${M}${i}`, 'cognito:mfa_enabled': 'false', email: `${M}${i}@example.com`, email_verified: 'true',
    preferred_username: `${M}p${i}`, address: `${M} street\\, ${M} town`, 'custom:tier': M,
  };
  for (const c of FREE_TEXT) r[c] = `${M} ${c} ${i}`;
  return { ...r, ...change };
}
const line = (r: Row, columns = header): string => columns.map((c) => r[c] ?? '').join(',');

/** Every row rule there is, each with the marker in the cell it is about (and all the others). */
function dataRows(): string[] {
  const rows = [
    line(hostile(1)),
    line(hostile(1, { email: `${M}x@example.com`, preferred_username: `${M}x` })), // same username: skipped
    line(hostile(3, { email: `${M}1@example.com` })), // alias row 1 holds
    line(hostile(4, { email: `${M}\u0007@example.com` })),
    line(hostile(5, { email: `${M}\u200b@example.com` })),
    ...['email', 'phone_number', 'birthdate', 'updated_at', 'custom:age', 'custom:since', 'custom:vip', 'email_verified', 'cognito:mfa_enabled']
      .map((c, k) => line(hostile(10 + k, { [c]: M }))),
    line(hostile(20, { 'custom:tier': M + M })),
    line(hostile(21, { 'custom:tier': '🎉' })),
    line(hostile(22, { 'custom:age': '1510' })),
    line(hostile(23, { 'cognito:username': `${M} 23` })),
    line(hostile(24, { 'cognito:username': `${M}\u200b24` })),
    line(hostile(25, { 'cognito:username': M.repeat(13) })),
    line(hostile(26, { name: M.repeat(205) })),
    line(hostile(27, { name: `"${M}, ${M}"` })),
    line(hostile(28, { given_name: `"${M}"` })),
    `${line(hostile(29))},${M}`,
    line(hostile(30)).replace(/,[^,]*$/, ''),
    line(hostile(31, { name: `${M}\r${M}` })),
    line(hostile(32, Object.fromEntries(FREE_TEXT.slice(0, 8).map((c) => [c, M.repeat(204)])))),
    line(hostile(33, { email_verified: 'false' })),
    line(hostile(34, { email: '' })),
    line(hostile(35, { 'cognito:username': '' })),
    M,
    line(hostile(36)),
  ];
  return [header.join(','), ...rows];
}

/** Files refused as a whole: the marker in the header, or in a file whose form is wrong. */
function wholeFileFailures(): [string, string | Buffer][] {
  const h = header.join(',');
  const data = line(hostile(1));
  return [
    ['extra-column', `${h},${M}\n${data},${M}\n`],
    ['data-in-header', `${h},${M}1@example.com\n${data},x\n`],
    ['quoted-cell', `${h},"${M}"\n${data},x\n`],
    ['prefixed-name', `${M}${h}\n${data}\n`],
    ['case-of-marker', `${h.replace('email,', 'EMAIL,')},${M.toUpperCase()}\n${data},x\n`],
    ['empty-column', `${h},,${M}\n${data},,x\n`],
    ['not-a-header', `${data}\n${data}\n`],
    ['cr-only', `${h}\r${data}\r${line(hostile(2))}\r`],
    ['bom', `\ufeff${h}\n${data}\n`],
    ['utf16', Buffer.from(`\ufeff${h}\r\n${data}\r\n`, 'utf16le')],
    ['utf16-no-bom', Buffer.from(`${h}\n${data}\n`, 'utf16le')],
    ['latin1', Buffer.from(`${h}\n${data}\n${M}é\n`, 'latin1')],
  ];
}

/** The job once ended, and its log lines. */
const runJob = (jobName: string, body: string | Buffer, algorithm?: PasswordHashingAlgorithmType) =>
  runImport(sdk, logs, { poolId, poolName: POOL_NAME, jobName, body, algorithm });

/** What `import-users --dry-run` prints for the file (stdout and stderr). */
async function dryRun(name: string, body: string | Buffer, algorithm?: PasswordHashingAlgorithmType): Promise<string[]> {
  const path = join(dir, `${name}.csv`);
  writeFileSync(path, body);
  const settings: ResolvedSettings = {
    region: 'us-west-2', endpoint: server.url, output: 'json', timestampFormat: 'wire', debug: false, color: false,
    credentials: { accessKeyId: KEY_A.accessKeyId, secretAccessKey: KEY_A.secretAccessKey },
  };
  let out = '';
  const io: Io = { isTTY: false, stdout: (s) => { out += s; }, stderr: (s) => { out += s; } };
  const argv = ['--user-pool-id', poolId, '--dry-run', path, ...(algorithm ? ['--password-hashing-algorithm', algorithm] : [])];
  assert.equal(await importUsers(argv, settings, io), 1, out);
  return out.trimEnd().split('\n').map((l) => l.slice(l.indexOf(path) + path.length));
}

function assertClean(where: string, texts: string[]): void {
  for (const t of texts) assert.ok(!t.toLowerCase().includes(M.toLowerCase()), `${where}: ${t}`);
}

test('every row rule, with the marker in every cell: no message, log line or dry-run line shows it', async () => {
  const file = dataRows().join('\n') + '\n';
  const { job: first, lines: firstLines } = await runJob('rows', file);
  assert.equal(first.ImportedUsers, 2);
  const { job: again, lines: againLines } = await runJob('rows-again', file); // the users exist now: skipped, or an alias taken
  assert.equal(again.ImportedUsers, 0);
  assert.ok(again.SkippedUsers! >= 2);
  const bcrypt = '$2b$12$GhvMmNVjRW29ulnudl.LbuAnUtN/LRfe1JsBm1Xu6LE3059z5Tr8m';
  const hashHeader = [...header, 'cognito:password_hash'];
  const hashed = [hashHeader.join(','), ...[M, `$2b$12$${M}`, `$2b$03$${M.repeat(6)}`.slice(0, 60), bcrypt]
    .map((h, k) => line({ ...hostile(40 + k), 'cognito:password_hash': h }, hashHeader))].join('\n') + '\n';
  const { job: withHash, lines: hashLines } = await runJob('hashes', hashed, 'BCRYPT');
  assert.deepEqual([withHash.ImportedUsers, withHash.FailedUsers], [1, 3]);

  for (const [job, lines] of [[first, firstLines], [again, againLines], [withHash, hashLines]] as const) {
    assert.equal(lines.length, job.ImportedUsers! + job.SkippedUsers! + job.FailedUsers!);
    assertClean(job.JobName!, [job.CompletionMessage!, ...lines]);
  }
  // Every reason is a different rule's: the file really exercises them all.
  const reasons = new Set(firstLines.map((l) => l.replace(/^.*? - /, '')));
  assert.ok(reasons.size >= 28, [...reasons].join('\n'));

  const printed = [...await dryRun('rows', file), ...await dryRun('hashes', hashed, 'BCRYPT')];
  assert.equal(printed.length, 35, printed.join('\n')); // 30 rows and a summary, 3 rows and a summary
  assertClean('import-users --dry-run', printed);
});

test('files refused as a whole: the marker in the header or anywhere else is never shown; the job and the dry run say the same', async () => {
  for (const [name, body] of wholeFileFailures()) {
    const { job, lines } = await runJob(name, body);
    assert.equal(job.Status, 'Failed', name);
    assert.deepEqual([job.ImportedUsers, job.SkippedUsers, job.FailedUsers], [0, 0, 0], name);
    assert.deepEqual(lines, [`[FAILED] ${job.CompletionMessage}`], name);
    assertClean(name, [job.CompletionMessage!]);
    const printed = await dryRun(name, body);
    // `<file>[:1]: <the job's message>`, then the summary line.
    assert.equal(printed[0].replace(/^(:1)?: /, ''), job.CompletionMessage, name);
    assertClean(`${name} --dry-run`, printed);
  }
});

// After the two tests above, over every job they ran.
test('and nowhere else: not in the job list, any log event of the pool, or the server\'s own log', async () => {
  const jobs = (await sdk.send(new ListUserImportJobsCommand({ UserPoolId: poolId, MaxResults: 60 }))).UserImportJobs!;
  assert.ok(jobs.length >= 15);
  assertClean('ListUserImportJobs', jobs.map((j) => JSON.stringify(j)));
  const events: string[] = [];
  let nextToken: string | undefined;
  do {
    const r = await logs.send(new FilterLogEventsCommand({ logGroupName: `/aws/cognito/userpools/${poolId}/${POOL_NAME}`, nextToken }));
    events.push(...r.events!.map((e) => e.message!));
    nextToken = r.nextToken;
  } while (nextToken);
  assert.ok(events.length > 60);
  assertClean('FilterLogEvents', events);
  assertClean('server log', serverLog);
});
