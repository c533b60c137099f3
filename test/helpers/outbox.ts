// An Outbox that keeps what it is given, for tests that read the invitations and codes a server
// sends (startTestServer({ outbox })). The server's own outbox writes files; this one only records.
import type { Outbox, OutgoingMessage } from '../../src/messages/ports';

export class RecordingOutbox implements Outbox {
  readonly sent: OutgoingMessage[] = [];
  /** Set to make the next send fail, as a broken SMTP server would. */
  failNext?: Error;

  async send(message: OutgoingMessage): Promise<void> {
    const fail = this.failNext;
    this.failNext = undefined;
    if (fail) throw fail;
    this.sent.push(message);
  }

  /** The messages sent since the last take, oldest first; forgets them. */
  take(): OutgoingMessage[] {
    return this.sent.splice(0);
  }
}
