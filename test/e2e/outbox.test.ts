// `cognito-import outbox` as people run it (bin/cognito-import.js in a child process), over an
// outbox folder the server's FileOutbox wrote: json with bodies, text columns in their order,
// table, the filters, the data dir from --data-dir, COGNITO_IMPORT_DATA_DIR or ./.cognito-import,
// an outbox not made yet. Then an embedded server's outboxDir, messages() and reset().
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startServer } from '../../src/embed';
import { FileOutbox } from '../../src/messages/fileOutbox';
import type { OutgoingMessage } from '../../src/messages/ports';
import { BIN, cleanup, tempDir, type RunResult } from '../helpers/server';

const T = Date.UTC(2026, 11, 6, 16, 22, 33, 123);
const POOL_A = 'us-west-2_aaaaaaaaa';
const POOL_B = 'us-west-2_bbbbbbbbb';

let dataDir: string;
let home: string;

function message(over: Partial<OutgoingMessage>): OutgoingMessage {
  return {
    accountId: '111111111111', poolId: POOL_A, username: 'ann', kind: 'forgot_password', medium: 'EMAIL', destination: 'ann@example.com',
    subject: 'Your verification code', body: 'Your verification code is 111111.', code: '111111', sentMs: T, ...over,
  };
}

/** The command line with a clean environment (no COGNITO_IMPORT_* of the machine's), in `cwd`. */
function cli(args: string[], env: NodeJS.ProcessEnv = {}, cwd = home): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd, env: { PATH: process.env.PATH, HOME: home, ...env } }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

before(async () => {
  dataDir = tempDir();
  home = tempDir('ci-home-');
  const outbox = new FileOutbox(join(dataDir, 'outbox'));
  await outbox.send(message({}));
  await outbox.send(message({ poolId: POOL_B, sentMs: T + 1000, code: '222222', body: 'Your verification code is 222222.' }));
  await outbox.send(message({
    username: 'zoë', kind: 'invitation', medium: 'SMS', destination: '+15555550100', subject: undefined, sentMs: T + 2000,
    code: 'Tmp-Passw0rd!', body: 'Your username is zoë and temporary password is Tmp-Passw0rd!.',
  }));
});
after(() => {
  cleanup(dataDir);
  cleanup(home);
});

test('--output json: every message, oldest first, with its body', async () => {
  const r = await cli(['outbox', '--data-dir', dataDir, '--output', 'json']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, '');
  const { Messages } = JSON.parse(r.stdout) as { Messages: Record<string, string>[] };
  assert.deepEqual(Messages.map((m) => ({ ...m, File: undefined })), [
    { Time: '2026-12-06T16:22:33.123Z', AccountId: '111111111111', UserPoolId: POOL_A, Username: 'ann', Kind: 'forgot_password', Medium: 'EMAIL',
      Destination: 'ann@example.com', Subject: 'Your verification code', Code: '111111', Body: 'Your verification code is 111111.', File: undefined },
    { Time: '2026-12-06T16:22:34.123Z', AccountId: '111111111111', UserPoolId: POOL_B, Username: 'ann', Kind: 'forgot_password', Medium: 'EMAIL',
      Destination: 'ann@example.com', Subject: 'Your verification code', Code: '222222', Body: 'Your verification code is 222222.', File: undefined },
    { Time: '2026-12-06T16:22:35.123Z', AccountId: '111111111111', UserPoolId: POOL_A, Username: 'zoë', Kind: 'invitation', Medium: 'SMS',
      Destination: '+15555550100', Code: 'Tmp-Passw0rd!', Body: 'Your username is zoë and temporary password is Tmp-Passw0rd!.', File: undefined },
  ]);
  for (const m of Messages) assert.match(m.File, /^20261206T16223\d\.123Z-000001-[A-Za-z0-9]{8}\.eml$/);
  // The default is json, as the aws CLI's.
  assert.equal((await cli(['outbox', '--data-dir', dataDir])).stdout, r.stdout);
});

test('--output text: a line per message, tab-separated: time, pool, username, kind, medium, destination, subject, code', async () => {
  const r = await cli(['outbox', '--data-dir', dataDir, '--output', 'text']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, [
    `2026-12-06T16:22:33.123Z\t${POOL_A}\tann\tforgot_password\tEMAIL\tann@example.com\tYour verification code\t111111\n`,
    `2026-12-06T16:22:34.123Z\t${POOL_B}\tann\tforgot_password\tEMAIL\tann@example.com\tYour verification code\t222222\n`,
    `2026-12-06T16:22:35.123Z\t${POOL_A}\tzoë\tinvitation\tSMS\t+15555550100\t\tTmp-Passw0rd!\n`,
  ].join(''));
});

test('--output table: the same columns under their names', async () => {
  const r = await cli(['outbox', '--data-dir', dataDir, '--output', 'table']);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.split('\n');
  assert.match(lines[1], /^\|\s+Outbox\s+\|$/);
  assert.match(r.stdout, /\|\s+Time\s+\|\s+UserPoolId\s+\|\s+Username\s+\|\s+Kind\s+\|\s+Medium\s+\|\s+Destination\s+\|\s+Subject\s+\|\s+Code\s+\|/);
  assert.match(r.stdout, /\|\s+2026-12-06T16:22:35\.123Z\s*\|\s+us-west-2_aaaaaaaaa\s+\|\s+zoë\s+\|\s+invitation\s+\|\s+SMS\s+\|\s+\+15555550100\s+\|\s+\|\s+Tmp-Passw0rd!\s+\|/);
});

test('--user-pool-id and --username keep the messages of one pool, one user, or both', async () => {
  const codes = async (args: string[]): Promise<string[]> => {
    const r = await cli(['outbox', '--data-dir', dataDir, '--output', 'text', ...args]);
    assert.equal(r.code, 0, r.stderr);
    return r.stdout.split('\n').filter(Boolean).map((l) => l.split('\t')[7]);
  };
  assert.deepEqual(await codes(['--user-pool-id', POOL_A]), ['111111', 'Tmp-Passw0rd!']);
  assert.deepEqual(await codes(['--username', 'ann']), ['111111', '222222']);
  assert.deepEqual(await codes(['--user-pool-id', POOL_B, '--username', 'ann']), ['222222']);
  assert.deepEqual(await codes(['--username', 'zoë']), ['Tmp-Passw0rd!']);
  assert.deepEqual(await codes(['--username', 'nobody']), []);
  // --query selects from the JSON value.
  const q = await cli(['outbox', '--data-dir', dataDir, '--user-pool-id', POOL_A, '--query', 'Messages[-1].Code', '--output', 'text']);
  assert.equal(q.stdout, 'Tmp-Passw0rd!\n');
});

test('the data dir as serve finds it: COGNITO_IMPORT_DATA_DIR, else ./.cognito-import; --data-dir first', async () => {
  const fromEnv = await cli(['outbox', '--output', 'text'], { COGNITO_IMPORT_DATA_DIR: dataDir });
  assert.equal(fromEnv.stdout.split('\n').filter(Boolean).length, 3);
  const cwd = tempDir('ci-cwd-');
  try {
    await new FileOutbox(join(cwd, '.cognito-import', 'outbox')).send(message({ username: 'local', code: '999999' }));
    const local = await cli(['outbox', '--output', 'text'], {}, cwd);
    assert.deepEqual(local.stdout.split('\n').filter(Boolean).map((l) => l.split('\t')[2]), ['local']);
    const flag = await cli(['outbox', '--output', 'text', '--data-dir', join(cwd, '.cognito-import')], { COGNITO_IMPORT_DATA_DIR: dataDir });
    assert.deepEqual(flag.stdout.split('\n').filter(Boolean).map((l) => l.split('\t')[2]), ['local']);
  } finally {
    cleanup(cwd);
  }
});

test('no outbox folder yet (nothing sent), or no data dir at all: an empty list, exit 0', async () => {
  const empty = tempDir();
  try {
    mkdirSync(join(empty, 'outbox'));
    for (const dir of [empty, join(empty, 'never-made')]) {
      const json = await cli(['outbox', '--data-dir', dir]);
      assert.deepEqual([json.code, JSON.parse(json.stdout), json.stderr], [0, { Messages: [] }, '']);
      const text = await cli(['outbox', '--data-dir', dir, '--output', 'text']);
      assert.deepEqual([text.code, text.stdout, text.stderr], [0, '', '']);
    }
  } finally {
    cleanup(empty);
  }
});

test('--help prints the usage; an unknown flag is bad usage (252) with the usage on stderr', async () => {
  const help = await cli(['outbox', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /^usage: cognito-import outbox \[--user-pool-id ID\] \[--username NAME\] \[--data-dir DIR\] \[--output json\|text\|table\]\n/);
  assert.equal((await cli(['outbox', 'help'])).stdout, help.stdout);
  const bad = await cli(['outbox', '--pool', 'x']);
  assert.equal(bad.code, 252);
  assert.equal(bad.stdout, '');
  assert.match(bad.stderr, /cognito-import outbox: error: Unknown option '--pool'/);
  assert.match(bad.stderr, /usage: cognito-import outbox/);
  assert.match((await cli(['help'])).stdout, /^ {2}outbox {2,}list the messages the local server sent/m);
});

test('an embedded server: outboxDir, messages() with filters, and reset() empties the outbox', async () => {
  const server = await startServer();
  try {
    assert.equal(server.outboxDir, join(server.dataDir, 'outbox'));
    assert.deepEqual(await server.messages(), []);
    const outbox = new FileOutbox(server.outboxDir);
    await outbox.send(message({ username: 'ann', code: '123456' }));
    await outbox.send(message({ username: 'bob', code: '654321', sentMs: T + 1 }));
    assert.deepEqual((await server.messages()).map((m) => m.code), ['123456', '654321']);
    assert.deepEqual((await server.messages({ username: 'bob' })).map((m) => [m.username, m.code, m.body]), [['bob', '654321', 'Your verification code is 111111.']]);
    await server.reset();
    assert.deepEqual(await server.messages(), []);
  } finally {
    await server.close();
  }
});
