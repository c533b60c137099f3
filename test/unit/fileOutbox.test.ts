// The outbox folder (src/messages/fileOutbox.ts, outboxList.ts): file names sort by time of
// sending, modes 0700/0600 whatever the umask, whole files only (a reader never sees part of
// one; no temporary file is left, after a success or a failure), and the listing's filters.
// Also the --smtp-url and --mail-from settings (src/config.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadServeConfig } from '../../src/config';
import { FileOutbox, fileTime } from '../../src/messages/fileOutbox';
import { listOutbox } from '../../src/messages/outboxList';
import type { OutgoingMessage } from '../../src/messages/ports';

const T = Date.UTC(2026, 11, 6, 16, 22, 33, 123);

function message(over: Partial<OutgoingMessage> = {}): OutgoingMessage {
  return {
    accountId: '111111111111', poolId: 'us-west-2_aaaaaaaaa', username: 'jdoe', kind: 'forgot_password', medium: 'EMAIL',
    destination: 'jdoe@example.com', subject: 'Your verification code', body: 'Your verification code is 123456.', code: '123456',
    sentMs: T, ...over,
  };
}

function withDir(run: (dir: string) => Promise<void>): () => Promise<void> {
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ci-outbox-'));
    try {
      await run(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

const mode = (p: string): number => statSync(p).mode & 0o777;

test('file names: the UTC time to the millisecond, then a sequence that keeps the order of messages sent in the same millisecond', withDir(async (dir) => {
  assert.equal(fileTime(T), '20261206T162233.123Z');
  const outbox = new FileOutbox(join(dir, 'outbox'));
  // Sent in this order, under a frozen clock and then a later one; names must sort the same way.
  const sent = [T, T, T, T + 1, T + 1, T + 86_400_000];
  await Promise.all(sent.map((sentMs, i) => outbox.send(message({ sentMs, username: `user${i}` }))));
  const names = readdirSync(join(dir, 'outbox')).sort();
  assert.equal(names.length, 6);
  for (const n of names) assert.match(n, /^\d{8}T\d{6}\.\d{3}Z-\d{6}-[A-Za-z0-9]{8}\.eml$/);
  assert.deepEqual(names.map((n) => n.slice(0, 27)), [
    '20261206T162233.123Z-000001', '20261206T162233.123Z-000002', '20261206T162233.123Z-000003',
    '20261206T162233.124Z-000001', '20261206T162233.124Z-000002', '20261207T162233.123Z-000001',
  ]);
  const listed = await listOutbox(join(dir, 'outbox'));
  assert.deepEqual(listed.map((m) => m.username), ['user0', 'user1', 'user2', 'user3', 'user4', 'user5']);
  assert.deepEqual(listed.map((m) => m.time.slice(11)), ['16:22:33.123Z', '16:22:33.123Z', '16:22:33.123Z', '16:22:33.124Z', '16:22:33.124Z', '16:22:33.123Z']);
}));

test('modes: the folder 0700 and each file 0600, under the loosest umask and under one that would take the owner\'s bits', withDir(async (dir) => {
  for (const umask of [0o000, 0o377]) {
    const folder = join(dir, `outbox-${umask.toString(8)}`);
    const before = process.umask(umask);
    try {
      await new FileOutbox(folder).send(message());
    } finally {
      process.umask(before);
    }
    assert.equal(mode(folder), 0o700);
    const [file] = readdirSync(folder);
    assert.equal(mode(join(folder, file)), 0o600);
  }
}));

test('a folder that is there already keeps its mode; the files in it are 0600', withDir(async (dir) => {
  const folder = join(dir, 'outbox');
  mkdirSync(folder, { mode: 0o750 });
  await new FileOutbox(folder).send(message());
  assert.equal(mode(folder), 0o750);
  assert.equal(mode(join(folder, readdirSync(folder)[0])), 0o600);
}));

test('written whole: a reader listing the folder while 60 messages are written reads each file complete; no temporary file stays', withDir(async (dir) => {
  const folder = join(dir, 'outbox');
  const outbox = new FileOutbox(folder);
  const body = `Your code is 123456.\n${'padding '.repeat(4000)}\nEND`;
  let writing = true;
  let seen = 0;
  const reader = (async () => {
    while (writing) {
      const names = await readdir(folder).catch(() => [] as string[]);
      for (const n of names.filter((x) => x.endsWith('.eml') && !x.startsWith('.'))) {
        const text = await readFile(join(folder, n), 'utf8');
        assert.match(text, /END\r\n$/, `${n} was seen before it was whole`);
        seen++;
      }
      await new Promise((r) => setImmediate(r));
    }
  })();
  for (let i = 0; i < 6; i++) await Promise.all(Array.from({ length: 10 }, () => outbox.send(message({ body }))));
  writing = false;
  await reader;
  assert.ok(seen > 0, 'the reader saw files while they were written');
  assert.deepEqual(readdirSync(folder).filter((n) => !n.endsWith('.eml')), []);
  assert.equal(readdirSync(folder).length, 60);
}));

test('a write that fails rejects, and leaves neither a temporary file nor a message', withDir(async (dir) => {
  const folder = join(dir, 'outbox');
  const outbox = new FileOutbox(folder, { random: () => 'FIXEDNAM' });
  // The final name is taken by a folder that is not empty: the rename fails after the data was written.
  mkdirSync(join(folder, '20261206T162233.123Z-000001-FIXEDNAM.eml'), { recursive: true });
  writeFileSync(join(folder, '20261206T162233.123Z-000001-FIXEDNAM.eml', 'x'), 'x');
  await assert.rejects(outbox.send(message()), (e: NodeJS.ErrnoException) => ['EISDIR', 'ENOTEMPTY', 'EEXIST'].includes(e.code ?? ''));
  assert.deepEqual(readdirSync(folder), ['20261206T162233.123Z-000001-FIXEDNAM.eml']);
  // The next one (a new sequence number) is written.
  await outbox.send(message());
  assert.deepEqual(readdirSync(folder).sort(), ['20261206T162233.123Z-000001-FIXEDNAM.eml', '20261206T162233.123Z-000002-FIXEDNAM.eml']);
}));

test('listing: oldest first, by pool and by username; a folder not made yet is empty; other files are not messages', withDir(async (dir) => {
  const folder = join(dir, 'outbox');
  assert.deepEqual(await listOutbox(folder), []);
  const outbox = new FileOutbox(folder, { from: 'Example <auth@example.org>' });
  await outbox.send(message({ poolId: 'us-west-2_poolAAAAA', username: 'ann', sentMs: T + 2 }));
  await outbox.send(message({ poolId: 'us-west-2_poolBBBBB', username: 'ann', sentMs: T + 1 }));
  await outbox.send(message({ poolId: 'us-west-2_poolAAAAA', username: 'bob', sentMs: T + 3, medium: 'SMS', destination: '+15555550100' }));
  writeFileSync(join(folder, '.20261206T000000.000Z-000001-x.eml.abc.tmp'), 'From: half');
  writeFileSync(join(folder, 'notes.txt'), 'not a message');
  const all = await listOutbox(folder);
  assert.deepEqual(all.map((m) => [m.poolId, m.username]), [['us-west-2_poolBBBBB', 'ann'], ['us-west-2_poolAAAAA', 'ann'], ['us-west-2_poolAAAAA', 'bob']]);
  assert.deepEqual((await listOutbox(folder, { poolId: 'us-west-2_poolAAAAA' })).map((m) => m.username), ['ann', 'bob']);
  assert.deepEqual((await listOutbox(folder, { username: 'ann' })).map((m) => m.poolId), ['us-west-2_poolBBBBB', 'us-west-2_poolAAAAA']);
  assert.deepEqual(await listOutbox(folder, { poolId: 'us-west-2_poolAAAAA', username: 'carol' }), []);
  const sms = all[2];
  assert.deepEqual({ ...sms, file: undefined, messageId: undefined }, {
    time: '2026-12-06T16:22:33.126Z', accountId: '111111111111', poolId: 'us-west-2_poolAAAAA', username: 'bob', kind: 'forgot_password',
    medium: 'SMS', destination: '+15555550100', subject: undefined, code: '123456', body: 'Your verification code is 123456.', file: undefined, messageId: undefined,
  });
  assert.match(readFileSync(join(folder, sms.file), 'utf8'), /^From: Example <auth@example\.org>\r$/m);
}));

test('--smtp-url and --mail-from: flags or environment; an SMTP URL is never shown with its password', () => {
  const d = loadServeConfig([], {});
  assert.equal(d.smtpUrl, undefined);
  assert.equal(d.mailFrom, 'no-reply@verificationemail.com');
  assert.equal(loadServeConfig(['--smtp-url', 'smtps://u:p@mail.example.com:465'], {}).smtpUrl, 'smtps://u:p@mail.example.com:465');
  assert.equal(loadServeConfig([], { COGNITO_IMPORT_SMTP_URL: 'smtp://mail.example.com:587' }).smtpUrl, 'smtp://mail.example.com:587');
  assert.equal(loadServeConfig(['--mail-from', 'App <auth@example.org>'], { COGNITO_IMPORT_MAIL_FROM: 'x@y.z' }).mailFrom, 'App <auth@example.org>');
  assert.equal(loadServeConfig([], { COGNITO_IMPORT_MAIL_FROM: 'x@y.z' }).mailFrom, 'x@y.z');
  assert.throws(() => loadServeConfig(['--mail-from', 'nobody'], {}), new ConfigError('--mail-from must be an email address or "Name <address>", not \'nobody\''));
  const secret = 'S3cr3t-pa55';
  for (const url of [`http://user:${secret}@mail.example.com`, `smtp://user:${secret}@`, `smtp://user:${secret}@[bad`]) {
    assert.throws(() => loadServeConfig(['--smtp-url', url], {}), (e: Error) => e instanceof ConfigError && !e.message.includes(secret) && /--smtp-url/.test(e.message));
  }
  assert.throws(() => loadServeConfig(['--smtp-url', `http://user:${secret}@mail.example.com`], {}),
    new ConfigError("--smtp-url must be an smtp:// or smtps:// URL, not 'http://user:***@mail.example.com/'"));
});
