// Emails sent over SMTP as well as written to the outbox folder. Loaded only by a server started
// with --smtp-url (src/messages/open.ts): the others never load nodemailer's SMTP transport.
//
// The bytes sent are the .eml file's, byte for byte (nodemailer's `raw` message, with the
// envelope taken from its From and To): what the outbox shows is what the SMTP server got. The
// file is written first; an SMTP failure rejects send() with MessageNotSentError and the file
// stays. SMS messages have no SMTP route: they are in the outbox only.
import { createTransport } from 'nodemailer';
import type { Logger } from '../logger';
import type { FileOutbox } from './fileOutbox';
import { MessageNotSentError, type Outbox, type OutgoingMessage } from './ports';
import { redactUrl } from './settings';

/**
 * nodemailer waits 2 minutes for a connection and 10 for a quiet socket by default; a request
 * that sends a code waits for the send, so a server that does not answer fails it sooner.
 * Options in the URL's query (?connectionTimeout=...) take precedence, as nodemailer reads them.
 */
export const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

export class SmtpOutbox implements Outbox {
  /** The SMTP URL as it may be shown (no password). */
  readonly server: string;
  private readonly transport: ReturnType<typeof createTransport>;
  private readonly secrets: string[];

  constructor(private readonly files: FileOutbox, url: string, private readonly log: Logger) {
    this.server = redactUrl(url);
    this.secrets = secretsOf(url);
    this.transport = createTransport({ url, ...SMTP_TIMEOUTS, logger: false, debug: false, disableFileAccess: true, disableUrlAccess: true });
  }

  get dir(): string {
    return this.files.dir;
  }

  async send(message: OutgoingMessage): Promise<void> {
    const written = await this.files.write(message);
    if (message.medium !== 'EMAIL') return;
    const where = { file: written.name, poolId: message.poolId, kind: message.kind };
    try {
      await this.transport.sendMail({ envelope: written.envelope, raw: written.bytes });
    } catch (e) {
      const reason = this.scrub(e instanceof Error ? e.message : String(e));
      this.log.error('could not send a message over SMTP; it is in the outbox', { ...where, smtp: this.server, error: reason });
      throw new MessageNotSentError(`could not send the message over SMTP (${this.server}): ${reason}; it is in the outbox as ${written.name}`, written.name);
    }
    this.log.info('message sent over SMTP', { ...where, smtp: this.server });
  }

  async close(): Promise<void> {
    this.transport.close();
  }

  /** An error's text with the password taken out, should a library or a server ever echo it. */
  private scrub(text: string): string {
    return this.secrets.reduce((t, s) => t.split(s).join('***'), text);
  }
}

/** The password as written in the URL, decoded, and base64-encoded (as SMTP AUTH sends it). */
function secretsOf(url: string): string[] {
  let password = '';
  try {
    password = new URL(url).password;
  } catch {
    return [];
  }
  if (!password) return [];
  let decoded = password;
  try {
    decoded = decodeURIComponent(password);
  } catch {
    // a malformed escape: the password as written is all there is
  }
  return [...new Set([password, decoded, Buffer.from(decoded).toString('base64')])].filter((s) => s.length >= 3);
}
