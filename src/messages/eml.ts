// One outgoing message as the bytes of an RFC 5322 message (an .eml file), built by nodemailer's
// MailComposer rather than by hand: it picks the Content-Transfer-Encoding (7bit, or
// quoted-printable / base64 for non-ASCII text, RFC 2045 section 6), folds long header lines
// (RFC 5322 section 2.2.3) and encodes non-ASCII header text as RFC 2047 encoded-words.
// The format is documented in docs/spec.md section 9 ([OURS]); src/messages/emlRead.ts reads it back.
import type MailComposer from 'nodemailer/lib/mail-composer';
import type { OutgoingMessage } from './ports';

/**
 * Cognito's own sender when a pool uses its built-in email (EmailSendingAccount COGNITO_DEFAULT):
 * "The default FROM address is no-reply@verificationemail.com" (API reference, EmailConfigurationType).
 */
export const DEFAULT_MAIL_FROM = 'no-reply@verificationemail.com';

/**
 * An SMS has no email address: its To is the phone number at this domain. `.invalid` is reserved
 * for names that can never resolve (RFC 2606 section 2), so no mail system can deliver it.
 */
export const SMS_DOMAIN = 'sms.invalid';

/**
 * The headers that let a reader list messages without decoding bodies. Names without "Id":
 * nodemailer writes a header key ending in "-Id" as "-ID".
 */
export const OUTBOX_HEADERS = {
  account: 'X-Cognito-Import-Account',
  pool: 'X-Cognito-Import-Pool',
  username: 'X-Cognito-Import-Username',
  kind: 'X-Cognito-Import-Kind',
  medium: 'X-Cognito-Import-Medium',
  destination: 'X-Cognito-Import-Destination',
  code: 'X-Cognito-Import-Code',
} as const;

export interface ComposedMessage {
  bytes: Buffer;
  /** The SMTP envelope (RFC 5321 MAIL FROM and RCPT TO) of the same message. */
  envelope: { from: string; to: string[] };
  messageId: string;
}

/** `+15555550100` -> `+15555550100@sms.invalid`: a phone number's digits and `+` are valid atext (RFC 5322 section 3.2.3). */
export function smsAddress(phoneNumber: string): string {
  return `${phoneNumber.replace(/[^0-9+]/g, '') || 'unknown'}@${SMS_DOMAIN}`;
}

/**
 * A header value written as is when a reader cannot mistake it: printable ASCII, no space at
 * either end (unfolding trims those) and no "=?" (an encoded-word's start). Anything else is
 * one or more base64 encoded-words (RFC 2047 section 4.1), which every reader decodes; so is a
 * value too long for one line (998 characters, RFC 5322 section 2.1.1) that may have no space
 * to fold at: encoded-words are split into short ones with spaces between.
 */
function headerValue(value: string, encodeWord: (v: string, enc: string, max: number) => string): string {
  if (/^[\x21-\x7e]([\x20-\x7e]*[\x21-\x7e])?$/.test(value) && !value.includes('=?') && value.length <= 900) return value;
  return encodeWord(value, 'B', 52);
}

/** The domain of the sender's address, for the right side of Message-ID (RFC 5322 section 3.6.4). */
function senderDomain(from: string): string {
  const m = /@([^\s@<>]+)>?\s*$/.exec(from);
  return m ? m[1] : 'cognito-import.invalid';
}

/**
 * The .eml bytes of one message. `stem` is the file's name without `.eml`; it is also the left
 * side of the Message-ID, so a message found in a mailbox leads to its file.
 */
export async function composeEml(message: OutgoingMessage, from: string, stem: string): Promise<ComposedMessage> {
  // Loaded on first use: a server that sends nothing never loads nodemailer.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Composer = require('nodemailer/lib/mail-composer') as typeof MailComposer;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { encodeWord } = require('nodemailer/lib/mime-funcs') as typeof import('nodemailer/lib/mime-funcs');
  const value = (v: string): string => headerValue(v, encodeWord);
  const headers: Record<string, string> = {
    [OUTBOX_HEADERS.account]: value(message.accountId),
    [OUTBOX_HEADERS.pool]: value(message.poolId),
    [OUTBOX_HEADERS.username]: value(message.username),
    [OUTBOX_HEADERS.kind]: message.kind,
    [OUTBOX_HEADERS.medium]: message.medium,
    [OUTBOX_HEADERS.destination]: value(message.destination),
  };
  if (message.code !== undefined) headers[OUTBOX_HEADERS.code] = value(message.code);
  const sms = message.medium === 'SMS';
  const messageId = `<${stem}@${senderDomain(from)}>`;
  const composer = new Composer({
    from,
    to: sms ? smsAddress(message.destination) : message.destination,
    subject: !sms && message.subject !== undefined ? value(message.subject) : undefined,
    date: new Date(message.sentMs),
    messageId,
    headers,
    // RFC 5322 section 2.3: lines end in CRLF; a bare LF in the body is not a line break.
    text: message.body.replace(/\r\n|\r|\n/g, '\r\n'),
    // Nothing in a message may make nodemailer read a file or fetch a URL.
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  const node = composer.compile();
  const envelope = node.getEnvelope();
  return { bytes: await node.build(), envelope: { from: envelope.from || '', to: envelope.to }, messageId };
}
