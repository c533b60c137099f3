// The bytes of an outbox message (src/messages/eml.ts, docs/spec.md section 9): checked line by
// line against RFC 5322 and RFC 2045 here, the body decoded per its Content-Transfer-Encoding
// by this test's own decoders (no mail parser is installed), then read back whole by the
// reader the CLI uses (src/messages/emlRead.ts), for fixed messages and generated ones.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { composeEml, DEFAULT_MAIL_FROM, smsAddress } from '../../src/messages/eml';
import { decodeWords, parseEml } from '../../src/messages/emlRead';
import { outboxEntry } from '../../src/messages/outboxList';
import type { OutgoingMessage } from '../../src/messages/ports';

const SENT = Date.UTC(2026, 11, 6, 16, 22, 33, 123);
const STEM = '20261206T162233.123Z-000001-abcdefgh';

function message(over: Partial<OutgoingMessage> = {}): OutgoingMessage {
  return {
    accountId: '111111111111', poolId: 'us-west-2_aaaaaaaaa', username: 'jdoe', kind: 'forgot_password', medium: 'EMAIL',
    destination: 'jdoe@example.com', subject: 'Your verification code', body: 'Your verification code is 123456.', code: '123456',
    sentMs: SENT, ...over,
  };
}

/** The header lines (unfolded) and the raw body, split as RFC 5322 section 2.1 says. */
function split(bytes: Buffer): { fields: [string, string][]; body: string } {
  const text = bytes.toString('latin1');
  const at = text.indexOf('\r\n\r\n');
  assert.ok(at > 0, 'an empty line ends the header section');
  const fields = text.slice(0, at).replace(/\r\n(?=[ \t])/g, '').split('\r\n').map((l): [string, string] => {
    const colon = l.indexOf(':');
    return [l.slice(0, colon), l.slice(colon + 1).trim()];
  });
  return { fields, body: text.slice(at + 4) };
}

const field = (fields: [string, string][], name: string): string | undefined => fields.find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1];

/** This test's own decoders for RFC 2045 section 6.7 (quoted-printable) and 6.8 (base64). */
function decodeBody(raw: string, encoding: string): string {
  if (encoding === 'base64') return Buffer.from(raw.replace(/\s/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') {
    const bytes = raw.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return Buffer.from(raw, 'latin1').toString('utf8');
}

/** Every line ends in CRLF, none is longer than 998 characters (RFC 5322 section 2.1.1) and, but for 8bit, all is ASCII. */
function assertWellFormed(bytes: Buffer): void {
  const text = bytes.toString('latin1');
  assert.ok(text.endsWith('\r\n'));
  assert.doesNotMatch(text, /[^\r]\n|\r[^\n]/, 'no bare LF or CR');
  for (const line of text.split('\r\n')) assert.ok(line.length <= 998, `a line of ${line.length} characters`);
}

test('an email: the standard fields, the X-Cognito-Import-* fields, a 7bit body', async () => {
  const { bytes, envelope, messageId } = await composeEml(message(), DEFAULT_MAIL_FROM, STEM);
  assertWellFormed(bytes);
  assert.doesNotMatch(bytes.toString('latin1'), /[^\x00-\x7f]/);
  const { fields, body } = split(bytes);
  assert.equal(field(fields, 'From'), 'no-reply@verificationemail.com');
  assert.equal(field(fields, 'To'), 'jdoe@example.com');
  assert.equal(field(fields, 'Subject'), 'Your verification code');
  assert.equal(field(fields, 'Date'), 'Sun, 06 Dec 2026 16:22:33 +0000');
  assert.equal(field(fields, 'Message-ID'), `<${STEM}@verificationemail.com>`);
  assert.equal(messageId, `<${STEM}@verificationemail.com>`);
  assert.equal(field(fields, 'MIME-Version'), '1.0');
  assert.equal(field(fields, 'Content-Type'), 'text/plain; charset=utf-8');
  assert.equal(field(fields, 'Content-Transfer-Encoding'), '7bit');
  assert.equal(field(fields, 'X-Cognito-Import-Account'), '111111111111');
  assert.equal(field(fields, 'X-Cognito-Import-Pool'), 'us-west-2_aaaaaaaaa');
  assert.equal(field(fields, 'X-Cognito-Import-Username'), 'jdoe');
  assert.equal(field(fields, 'X-Cognito-Import-Kind'), 'forgot_password');
  assert.equal(field(fields, 'X-Cognito-Import-Medium'), 'EMAIL');
  assert.equal(field(fields, 'X-Cognito-Import-Destination'), 'jdoe@example.com');
  assert.equal(field(fields, 'X-Cognito-Import-Code'), '123456');
  assert.equal(body, 'Your verification code is 123456.\r\n');
  assert.deepEqual(envelope, { from: 'no-reply@verificationemail.com', to: ['jdoe@example.com'] });
});

test('an SMS: To is the number at sms.invalid, the medium field says SMS, no Subject', async () => {
  const m = message({ medium: 'SMS', destination: '+15555550100', subject: 'ignored for SMS', kind: 'invitation', code: 'Tmp-Passw0rd!' });
  const { bytes, envelope } = await composeEml(m, DEFAULT_MAIL_FROM, STEM);
  const { fields } = split(bytes);
  assert.equal(field(fields, 'To'), '+15555550100@sms.invalid');
  assert.equal(field(fields, 'X-Cognito-Import-Medium'), 'SMS');
  assert.equal(field(fields, 'X-Cognito-Import-Destination'), '+15555550100');
  assert.equal(field(fields, 'Subject'), undefined);
  assert.equal(field(fields, 'X-Cognito-Import-Code'), 'Tmp-Passw0rd!');
  assert.deepEqual(envelope.to, ['+15555550100@sms.invalid']);
  assert.equal(smsAddress('+1 (555) 555-0100'), '+15555550100@sms.invalid');
});

test('a configured sender with a display name: From as given, Message-ID on its domain', async () => {
  const { bytes, envelope } = await composeEml(message(), 'Example App <auth@example.org>', STEM);
  const { fields } = split(bytes);
  assert.equal(field(fields, 'From'), 'Example App <auth@example.org>');
  assert.equal(field(fields, 'Message-ID'), `<${STEM}@example.org>`);
  assert.equal(envelope.from, 'auth@example.org');
});

test('non-ASCII text: the body quoted-printable or base64, the fields as RFC 2047 encoded-words; all of it ASCII', async () => {
  const cases: [string, string][] = [
    ['Bonjour Zoë, votre code est 123456.\nÀ bientôt', 'quoted-printable'],
    ['Ваш код подтверждения: 123456. Пароль никому не сообщайте.', 'base64'],
  ];
  for (const [body, encoding] of cases) {
    const m = message({ username: 'zoë_Дмитрий', subject: 'Votre code de vérification', body, code: 'Ünï-1234' });
    const { bytes } = await composeEml(m, DEFAULT_MAIL_FROM, STEM);
    assertWellFormed(bytes);
    assert.doesNotMatch(bytes.toString('latin1'), /[^\x00-\x7f]/);
    const { fields, body: raw } = split(bytes);
    assert.equal(field(fields, 'Content-Transfer-Encoding'), encoding);
    assert.equal(decodeBody(raw, encoding).replace(/\r\n$/, ''), body.replace(/\n/g, '\r\n'));
    assert.match(field(fields, 'X-Cognito-Import-Username')!, /^=\?UTF-8\?B\?/);
    assert.equal(decodeWords(field(fields, 'X-Cognito-Import-Username')!), 'zoë_Дмитрий');
    assert.equal(decodeWords(field(fields, 'Subject')!), 'Votre code de vérification');
    assert.equal(decodeWords(field(fields, 'X-Cognito-Import-Code')!), 'Ünï-1234');
  }
});

test('a value a reader could take for an encoded-word, or with spaces at its ends, is encoded so it reads back as written', async () => {
  for (const code of ['=?UTF-8?Q?abc?=', ' lead', 'trail ', 'a\tb']) {
    const { bytes } = await composeEml(message({ code }), DEFAULT_MAIL_FROM, STEM);
    assert.equal(parseEml(bytes).headers.get('x-cognito-import-code'), code);
  }
});

test('a 2,000-character destination (an email attribute may hold 2,048) reads back whole; our fields keep within the line limit', async () => {
  const destination = `${'a'.repeat(1990)}@example.com`;
  const { bytes } = await composeEml(message({ destination, code: 'c'.repeat(1000) }), DEFAULT_MAIL_FROM, STEM);
  const entry = outboxEntry(`${STEM}.eml`, bytes);
  assert.deepEqual([entry.destination, entry.code], [destination, 'c'.repeat(1000)]);
  // Physical lines, each with the field it belongs to. To holds the address itself, which cannot
  // be folded: no deliverable one is that long (RFC 5321 section 4.5.3.1.3: a path is at most 256).
  let name = '';
  for (const line of bytes.toString('latin1').split('\r\n')) {
    if (/^[^ \t]/.test(line)) name = line.slice(0, line.indexOf(':'));
    if (name !== 'To') assert.ok(line.length <= 998, `${name}: ${line.length}`);
  }
});

test('line breaks in the body become CRLF; a 1,000-character line is folded (quoted-printable), not cut', async () => {
  const long = 'x'.repeat(1000);
  const { bytes } = await composeEml(message({ body: `one\ntwo\r\nthree\rfour\n${long}` }), DEFAULT_MAIL_FROM, STEM);
  assertWellFormed(bytes);
  assert.equal(parseEml(bytes).body, `one\ntwo\nthree\nfour\n${long}`);
});

test('encoded-words: adjacent ones are one text, even with a character split across them; Q encoding; other charsets', () => {
  // "ü" is C3 BC: its two bytes in two words.
  assert.equal(decodeWords('=?UTF-8?B?w7zD?= =?UTF-8?B?vA==?='), 'üü');
  assert.equal(decodeWords('=?UTF-8?B?w7w=?=  =?utf-8?b?w7w=?='), 'üü');
  assert.equal(decodeWords('=?UTF-8?Q?caf=C3=A9_au_lait?= ok'), 'café au lait ok');
  assert.equal(decodeWords('a =?ISO-8859-1?Q?Andr=E9?= b'), 'a André b');
  assert.equal(decodeWords('plain text, no words'), 'plain text, no words');
});

test('any message reads back as it was written: fields, code and body (one ending line break aside)', async () => {
  const text = fc.string({ unit: 'grapheme', maxLength: 300 });
  const line = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 60 }).filter((s) => !/[\r\n]/.test(s));
  await fc.assert(fc.asyncProperty(line, line, text, line, fc.boolean(), async (username, subject, body, code, sms) => {
    const m = message({ username, subject, body, code, medium: sms ? 'SMS' : 'EMAIL', destination: sms ? '+15555550100' : 'jdoe@example.com' });
    const { bytes } = await composeEml(m, DEFAULT_MAIL_FROM, STEM);
    assertWellFormed(bytes);
    const entry = outboxEntry(`${STEM}.eml`, bytes);
    assert.equal(entry.username, username);
    assert.equal(entry.code, code);
    assert.equal(entry.subject, sms ? undefined : subject);
    assert.equal(entry.body, body.replace(/\r\n|\r/g, '\n').replace(/\n$/, ''));
    assert.equal(entry.time, '2026-12-06T16:22:33.123Z');
  }), { numRuns: 200 });
});
