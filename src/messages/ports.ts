// Messages a user pool sends (invitations, codes). Cognito sends them by email or SMS; this
// server writes each to an outbox (docs/spec.md section 9: one .eml file per message under
// <data dir>/outbox/) and, when configured, sends emails over SMTP as well.

export type MessageKind = 'invitation' | 'forgot_password' | 'reset_password' | 'verification';

export interface OutgoingMessage {
  accountId: string;
  poolId: string;
  username: string;
  kind: MessageKind;
  medium: 'EMAIL' | 'SMS';
  /** The email address or phone number, in full (the API's answers mask it; the outbox does not). */
  destination: string;
  /** Emails only. */
  subject?: string;
  body: string;
  /** The code or temporary password the body carries, on its own, so tests and people can read it. */
  code?: string;
  /** Injected clock's time of sending. */
  sentMs: number;
}

export interface Outbox {
  /** Written (and sent, when SMTP is configured) before it resolves; a failure is an error of the call. */
  send(message: OutgoingMessage): Promise<void>;
}

/**
 * send() rejects with this when the message is in the outbox but SMTP did not take it: the
 * operation decides what its caller sees. The message names the SMTP server without its password
 * and never holds the body or the code.
 */
export class MessageNotSentError extends Error {
  constructor(message: string, readonly file: string) {
    super(message);
    this.name = 'MessageNotSentError';
  }
}
