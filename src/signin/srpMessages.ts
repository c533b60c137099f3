// What the server and its SRP thread tell each other (src/signin/srpWorker.ts, srpThreadMain.ts):
// plain strings (and the check's boolean), which the structured clone copies as they are; no
// BigInt or Buffer crosses. Each request carries an id its answer repeats.
import type { PasswordClaim, ServerEphemeral, SrpVerifier } from '../auth/srp';

/** Each operation's arguments and its answer's value. */
export interface SrpOps {
  makeVerifier: { args: { poolId: string; userIdForSrp: string; password: string }; value: SrpVerifier };
  start: { args: { verifierHex: string }; value: ServerEphemeral };
  check: { args: { claim: PasswordClaim }; value: boolean };
}

export type SrpOp = keyof SrpOps;

/** A request without its id, as the server's side builds it. */
export type SrpRequest = { [K in SrpOp]: { op: K } & SrpOps[K]['args'] }[SrpOp];

/** Server to thread. */
export type ToSrp = SrpRequest & { id: number };

/** Thread to server: the value, or the error the call threw (its name and message). */
export type FromSrp = { id: number; value: SrpOps[SrpOp]['value'] } | { id: number; error: { name: string; message: string } };
