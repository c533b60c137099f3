// bench/auth's loads: USER_PASSWORD_AUTH sign-ins (unsigned InitiateAuth, as an app sends them),
// each rebuilt before it is sent with the next user of a cursor (case (b): a user never signed in
// before, every time), and the other calls (signed DescribeUserPool and AdminGetUser) at a fixed
// rate; run alone or together in one window: a warm-up, then the measured seconds.
import type { Child } from '../children';
import { runLoad, type LoadRequest, type Measurement } from '../api/load';
import { eventLoopDelay, type LoopDelay } from '../api/server';
import { CONTENT_TYPE, signRequests, targetOf, type Call, type Key } from '../api/signing';

export interface Credentials {
  username: string;
  password: string;
}

/** The users sign-ins take in turn, across all connections: cycling through them, or each once. */
export class UserCursor {
  private next = 0;
  /** Answers 200 without tokens (a challenge instead): a run with any is invalid. */
  noTokens = 0;
  private onExhausted?: () => void;
  constructor(readonly users: (i: number) => Credentials, readonly count: number, readonly once: boolean) {}
  get used(): number {
    return this.next;
  }
  get exhausted(): boolean {
    return this.once && this.next > this.count;
  }
  /** Called when a fresh-users cursor has none left: the run is ended, and is invalid. */
  whenExhausted(f: () => void): void {
    this.onExhausted = f;
  }
  take(): Credentials {
    const i = this.next++;
    if (this.once && i === this.count) this.onExhausted?.();
    return this.users(this.once ? Math.min(i, this.count - 1) : i % this.count);
  }
}

const signInBody = (clientId: string, c: Credentials): string =>
  JSON.stringify({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: c.username, PASSWORD: c.password } });

/** One InitiateAuth, unsigned, as the SDKs send it. */
export const signInRequest = (clientId: string, c: Credentials): LoadRequest => ({
  method: 'POST', path: '/', body: signInBody(clientId, c),
  headers: { 'X-Amz-Target': targetOf('InitiateAuth'), 'Content-Type': CONTENT_TYPE, 'User-Agent': 'cognito-import-bench' },
});

/** A request autocannon rebuilds before each sending with the cursor's next user; answers must hold tokens. */
export function signInsFrom(clientId: string, cursor: UserCursor): LoadRequest[] {
  return [{
    ...signInRequest(clientId, cursor.users(0)),
    setupRequest: (r) => ({ ...r, body: signInBody(clientId, cursor.take()) }),
    onResponse: (status, body) => { if (status === 200 && !body.includes('"AuthenticationResult"')) cursor.noTokens++; },
  }];
}

/** The other calls, signed now: DescribeUserPool and AdminGetUser of the members, in turn. */
export function otherCalls(port: number, key: Key, poolId: string, members: Credentials[]): Promise<LoadRequest[]> {
  const calls: Call[] = members.flatMap((m) => [
    { op: 'DescribeUserPool', body: JSON.stringify({ UserPoolId: poolId }) },
    { op: 'AdminGetUser', body: JSON.stringify({ UserPoolId: poolId, Username: m.username }) },
  ]);
  return signRequests(calls, Math.min(100, calls.length), port, key);
}

export interface WindowSpec {
  warmup: number;
  seconds: number;
  connections: number;
  otherRate: number;
}

export interface WindowRun {
  signIns?: Measurement;
  other?: Measurement;
  /** The server's event-loop delay over the measured seconds. */
  loop: LoopDelay;
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  return { promise: new Promise<void>((r) => { resolve = r; }), resolve };
}

const sleep = (s: number): Promise<void> => new Promise((r) => setTimeout(r, s * 1000));

/**
 * The sign-ins, the other calls, or both at once, on one window: `warmup` seconds unmeasured,
 * then `seconds` measured (fewer if a fresh-users cursor runs out: then the run is invalid).
 */
export async function runWindow(server: Child, s: WindowSpec, load: { signIns?: LoadRequest[]; cursor?: UserCursor; other?: LoadRequest[] }): Promise<WindowRun> {
  const target = { port: server.port, pid: server.child.pid };
  const begun = deferred();
  const ended = deferred();
  const length = { from: begun.promise, until: ended.promise };
  const outOfUsers = deferred();
  load.cursor?.whenExhausted(outOfUsers.resolve);
  const noTokensBefore = load.cursor?.noTokens ?? 0;
  const signIns = load.signIns && runLoad('sign-ins', target, load.signIns, s.connections, length);
  const other = load.other && runLoad('other calls', target, load.other, 2, length, { overallRate: s.otherRate });
  try {
    await Promise.race([sleep(s.warmup), outOfUsers.promise]);
    await eventLoopDelay(server, 'POST');
    begun.resolve();
    await Promise.race([sleep(s.seconds), outOfUsers.promise]);
    const loop = await eventLoopDelay(server, 'GET');
    ended.resolve();
    const run: WindowRun = { signIns: await signIns, other: await other, loop };
    const problems: string[] = [];
    if (load.cursor?.exhausted) problems.push(`ran out of fresh users after ${load.cursor.count} (raise --users)`);
    if (load.cursor && load.cursor.noTokens > noTokensBefore) problems.push(`${load.cursor.noTokens - noTokensBefore} answers without tokens`);
    if (run.signIns && problems.length) run.signIns = { ...run.signIns, valid: false, problems: [...run.signIns.problems, ...problems] };
    return run;
  } finally {
    ended.resolve();
    await Promise.allSettled([signIns, other]);
  }
}
