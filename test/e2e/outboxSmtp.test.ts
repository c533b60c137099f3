// Emails over SMTP (src/messages/smtpOutbox.ts) against a real SMTP server in this process
// (smtp-server on a free port, with a login): what it receives is the .eml file byte for byte,
// with its envelope; SMS messages stay in the outbox; a server that is down or refuses the login
// rejects send() while the .eml stays; no log line or error message carries the password, the
// body or the code. Then the server as app.ts builds it, with and without --smtp-url.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type AddressInfo } from 'node:net';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { startApp } from '../../src/app';
import { loadServeConfig } from '../../src/config';
import type { Logger } from '../../src/logger';
import { FileOutbox } from '../../src/messages/fileOutbox';
import { listOutbox } from '../../src/messages/outboxList';
import { MessageNotSentError, type OutgoingMessage } from '../../src/messages/ports';
import { SmtpOutbox } from '../../src/messages/smtpOutbox';
import { cleanup, tempDir } from '../helpers/server';

const PASSWORD = 'p@ss:w/rd%S3cret';
const CODE = '482913';
const BODY = `Your password reset code is ${CODE}. It expires in one hour.`;

interface Received { from: string; to: string[]; raw: Buffer; user?: string }

const received: Received[] = [];
let plain: SMTPServer;
let secure: SMTPServer;
let plainPort: number;
let securePort: number;

function smtpServer(secureMode: boolean): SMTPServer {
  return new SMTPServer({
    secure: secureMode, logger: false, allowInsecureAuth: true, disabledCommands: secureMode ? [] : ['STARTTLS'],
    onAuth(auth, _session, cb) {
      if (auth.username === 'mailer' && auth.password === PASSWORD) cb(null, { user: auth.username });
      else cb(new Error('Invalid username or password'));
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const env = session.envelope;
        received.push({ from: env.mailFrom ? env.mailFrom.address : '', to: env.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks), user: session.user as string | undefined });
        cb();
      });
    },
  });
}

const listen = (s: SMTPServer): Promise<number> => new Promise((r) => { s.listen(0, '127.0.0.1', () => r((s.server.address() as AddressInfo).port)); });
const closeSmtp = (s: SMTPServer): Promise<void> => new Promise((r) => { s.close(() => r()); });

/** A port nothing listens on: one the system gave, closed again. */
async function deadPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

function recordingLog(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const rec = (level: string) => (msg: string, fields?: Record<string, unknown>): void => { lines.push(JSON.stringify({ level, msg, ...fields })); };
  return { lines, error: rec('error'), info: rec('info') };
}

function message(over: Partial<OutgoingMessage> = {}): OutgoingMessage {
  return {
    accountId: '111111111111', poolId: 'us-west-2_aaaaaaaaa', username: 'jdoe', kind: 'forgot_password', medium: 'EMAIL',
    destination: 'jdoe@example.com', subject: 'Your verification code', body: BODY, code: CODE, sentMs: Date.now(), ...over,
  };
}

const url = (port: number, password = PASSWORD, scheme = 'smtp'): string => `${scheme}://mailer:${encodeURIComponent(password)}@127.0.0.1:${port}`;

/** Neither the password (as written, URL-encoded or base64) nor the body nor the code. */
function assertNothingSecret(text: string): void {
  for (const s of [PASSWORD, encodeURIComponent(PASSWORD), Buffer.from(PASSWORD).toString('base64'), CODE, BODY]) assert.ok(!text.includes(s), `${JSON.stringify(s)} in ${text}`);
}

before(async () => {
  plain = smtpServer(false);
  secure = smtpServer(true);
  [plainPort, securePort] = await Promise.all([listen(plain), listen(secure)]);
});
after(async () => {
  await Promise.all([closeSmtp(plain), closeSmtp(secure)]);
});

test('an email: written to the outbox, then sent, the same bytes, to its destination, after the login', async () => {
  const dir = tempDir();
  try {
    const log = recordingLog();
    const outbox = new SmtpOutbox(new FileOutbox(join(dir, 'outbox'), { log }), url(plainPort), log);
    received.length = 0;
    await outbox.send(message());
    assert.equal(received.length, 1);
    const [got] = received;
    assert.equal(got.user, 'mailer');
    assert.equal(got.from, 'no-reply@verificationemail.com');
    assert.deepEqual(got.to, ['jdoe@example.com']);
    const [file] = readdirSync(join(dir, 'outbox'));
    assert.deepEqual(got.raw, readFileSync(join(dir, 'outbox', file)));
    const text = got.raw.toString('utf8');
    assert.match(text, /^To: jdoe@example\.com\r$/m);
    assert.match(text, /^Subject: Your verification code\r$/m);
    assert.match(text, new RegExp(`^X-Cognito-Import-Code: ${CODE}\\r$`, 'm'));
    assert.ok(text.endsWith(`\r\n\r\n${BODY}\r\n`));
    assert.deepEqual(log.lines.map((l) => JSON.parse(l).msg), ['message written to the outbox', 'message sent over SMTP']);
    log.lines.forEach(assertNothingSecret);
    assert.match(log.lines[1], /"smtp":"smtp:\/\/mailer:\*\*\*@127\.0\.0\.1:\d+"/);
    await outbox.close();
  } finally {
    cleanup(dir);
  }
});

test('an SMS is written to the outbox only: SMTP carries emails', async () => {
  const dir = tempDir();
  try {
    const outbox = new SmtpOutbox(new FileOutbox(join(dir, 'outbox')), url(plainPort), recordingLog());
    received.length = 0;
    await outbox.send(message({ medium: 'SMS', destination: '+15555550100' }));
    assert.equal(received.length, 0);
    assert.deepEqual((await listOutbox(join(dir, 'outbox'))).map((m) => [m.medium, m.destination, m.code]), [['SMS', '+15555550100', CODE]]);
  } finally {
    cleanup(dir);
  }
});

test('smtps:// (TLS from the first byte), with nodemailer\'s URL options (the test server\'s certificate is self-signed)', async () => {
  const dir = tempDir();
  try {
    const outbox = new SmtpOutbox(new FileOutbox(join(dir, 'outbox')), `${url(securePort, PASSWORD, 'smtps')}/?tls.rejectUnauthorized=false`, recordingLog());
    received.length = 0;
    await outbox.send(message({ destination: 'ann@example.com' }));
    assert.deepEqual(received.map((r) => r.to), [['ann@example.com']]);
  } finally {
    cleanup(dir);
  }
});

test('nothing listening: send() rejects naming the server without its password; the .eml is there; the log line holds no secret', async () => {
  const dir = tempDir();
  try {
    const log = recordingLog();
    const port = await deadPort();
    const outbox = new SmtpOutbox(new FileOutbox(join(dir, 'outbox'), { log }), url(port), log);
    await assert.rejects(outbox.send(message()), (e: Error) => {
      assert.ok(e instanceof MessageNotSentError);
      assert.match(e.message, new RegExp(`^could not send the message over SMTP \\(smtp://mailer:\\*\\*\\*@127\\.0\\.0\\.1:${port}\\): .*ECONNREFUSED.*; it is in the outbox as ${e.file.replace(/\./g, '\\.')}$`));
      assertNothingSecret(e.message);
      return true;
    });
    const listed = await listOutbox(join(dir, 'outbox'));
    assert.deepEqual(listed.map((m) => [m.destination, m.code, m.body]), [['jdoe@example.com', CODE, BODY]]);
    const errors = log.lines.filter((l) => JSON.parse(l).level === 'error');
    assert.equal(errors.length, 1);
    assert.match(errors[0], /could not send a message over SMTP; it is in the outbox/);
    log.lines.forEach(assertNothingSecret);
  } finally {
    cleanup(dir);
  }
});

test('a login the server refuses: the error and the log say so, without either password', async () => {
  const dir = tempDir();
  try {
    const log = recordingLog();
    const wrong = 'Wr0ng-Pa55word';
    const outbox = new SmtpOutbox(new FileOutbox(join(dir, 'outbox')), url(plainPort, wrong), log);
    await assert.rejects(outbox.send(message()), (e: Error) => {
      assert.ok(e instanceof MessageNotSentError);
      assert.match(e.message, /Invalid login|Invalid username or password/);
      assert.ok(!e.message.includes(wrong) && !e.message.includes(Buffer.from(wrong).toString('base64')));
      return true;
    });
    for (const l of log.lines) assert.ok(!l.includes(wrong), l);
    assert.equal(readdirSync(join(dir, 'outbox')).length, 1);
  } finally {
    cleanup(dir);
  }
});

test('the server as app.ts builds it: Services\' outbox writes to <data dir>/outbox and, with --smtp-url, sends from --mail-from', async () => {
  const dir = tempDir();
  try {
    const log = recordingLog();
    const config = loadServeConfig(['--port', '0', '--data-dir', dir, '--worker-concurrency', '0',
      '--smtp-url', url(plainPort), '--mail-from', 'Example App <auth@example.org>'], {});
    const app = await startApp({ config, log });
    try {
      assert.equal(app.outbox.dir, join(dir, 'outbox'));
      received.length = 0;
      await app.outbox.send(message());
      assert.deepEqual(received.map((r) => [r.from, r.to]), [['auth@example.org', ['jdoe@example.com']]]);
      assert.match(received[0].raw.toString('utf8'), /^From: Example App <auth@example\.org>\r$/m);
      assert.equal((await listOutbox(app.outbox.dir)).length, 1);
    } finally {
      await app.close();
    }
    log.lines.forEach((l) => assert.ok(!l.includes(PASSWORD) && !l.includes(encodeURIComponent(PASSWORD)), l));

    // Without --smtp-url: the outbox folder only.
    const bare = await startApp({ config: loadServeConfig(['--port', '0', '--data-dir', dir, '--worker-concurrency', '0'], {}), log });
    try {
      assert.ok(bare.outbox instanceof FileOutbox);
      received.length = 0;
      await bare.outbox.send(message());
      assert.equal(received.length, 0);
      assert.equal((await listOutbox(bare.outbox.dir)).length, 2);
    } finally {
      await bare.close();
    }
  } finally {
    cleanup(dir);
  }
});
