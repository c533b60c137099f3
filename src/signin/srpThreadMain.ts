// Inside the SRP thread (src/signin/srpWorker.ts starts it): each request's arithmetic, in
// arrival order, one at a time, and its answer. On Node 24 the first request also pays for the
// DiffieHellman object's prime check (src/auth/srpGroup.ts), here rather than on the event loop.
import type { MessagePort } from 'node:worker_threads';
import { checkPasswordClaim, makeVerifier, startPasswordVerifier } from '../auth/srp';
import type { FromSrp, SrpOps, SrpRequest, ToSrp } from './srpMessages';

function run(r: SrpRequest): SrpOps[SrpRequest['op']]['value'] {
  switch (r.op) {
    case 'makeVerifier': return makeVerifier(r.poolId, r.userIdForSrp, r.password);
    case 'start': return startPasswordVerifier(r.verifierHex);
    case 'check': return checkPasswordClaim(r.claim);
  }
}

/** The answer to one request. A throw (a malformed stored value: srp.ts's TypeErrors) goes back as its name and message. */
export function answerSrp(request: ToSrp): FromSrp {
  try {
    return { id: request.id, value: run(request) };
  } catch (e) {
    const error = e instanceof Error ? e : new Error(String(e));
    return { id: request.id, error: { name: error.name, message: error.message } };
  }
}

/** Answers every request the server posts, for as long as the thread lives. */
export function serveSrp(port: MessagePort): void {
  port.on('message', (request: ToSrp) => port.postMessage(answerSrp(request)));
}
