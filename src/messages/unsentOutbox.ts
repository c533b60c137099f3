// The Outbox a server gets when none is given (src/app.ts AppOptions.outbox): it sends nothing
// and logs that a message was not sent, naming its kind and pool but not its address, body or
// code (the log carries no user data or secret: src/logger.ts). A stand-in until the server's
// own outbox (<data dir>/outbox/, docs/spec.md section 9) is built in.
import type { Logger } from '../logger';
import type { Outbox } from './ports';

export function unsentOutbox(log: Logger): Outbox {
  return {
    send: async (m) => {
      log.info('message not sent: this server has no outbox', { kind: m.kind, medium: m.medium, accountId: m.accountId, poolId: m.poolId });
    },
  };
}
