// Sign-in benchmark: USER_PASSWORD_AUTH sign-ins a second, with p50/p99, against the real server
// (bin/cognito-import.js serve, its own process), each next to its hash function alone run in
// this process a moment before with the concurrency the server allows (--hashing-concurrency):
//
//   npm run bench:auth -- [--seconds 10] [--connections 4] [--users N] ...      (--help for every option)
//
// (a) Users with a server-made password (AdminSetUserPassword --permanent: scrypt), against scrypt
//     verify of the server's parameters (src/domain/passwords.ts) alone.
// (b) Users imported by a real import job with bcrypt cost-10 hashes made here by @node-rs/bcrypt,
//     each signed in once: the first sign-in checks the bcrypt hash; after the answer the server
//     replaces it with its scrypt hash and an SRP verifier, with the capacity the sign-ins leave.
//     Against @node-rs/bcrypt's verify alone; then how many of those upgrades were left at the
//     run's end and how long they took to drain, read from the server's /metrics.
// (c) Other calls (signed DescribeUserPool and AdminGetUser) at a fixed rate while (a) and while
//     (b) run, next to the same calls with no sign-ins.
// Then each piece of a sign-in timed alone, as a breakdown of where its time goes.
//
// A sign-in run with any failed request (non-2xx, socket error, timeout), an answer without
// tokens, or a user signed in twice in (b) is INVALID, never a figure; so is the other calls'
// figure when one of them fails (that does not void the sign-ins'). A server that logs an error
// voids the run. Exit code: 0 for a valid run (goals met or not), 1 for an invalid run or a failure.
import { randomBytes } from 'node:crypto';
import { runBench } from './children';
import { busyShare } from './api/report';
import { stopServer } from './api/server';
import { sendOnce, verifyAll, type Key } from './api/signing';
import { bcryptVerifier, hashAlone, scryptVerifier, signInPieces } from './auth/hashes';
import { parseOptions, type Options } from './auth/options';
import { breakdown, caseSection, footer, header, otherSection, upgradeLines, type AuthResults } from './auth/report';
import { otherCalls, runWindow, signInRequest, signInsFrom, UserCursor, type WindowSpec } from './auth/runs';
import { drainUpgrades } from './auth/upgrades';
import { importBcryptUsers, importedPassword, importedUser, startWorld, type AuthWorld } from './auth/world';

const say = (s: string): void => { process.stderr.write(`${s}\n`); };

/**
 * Fresh users for case (b)'s two runs: each can sign in no faster than bcrypt alone verifies, so
 * that rate (a short probe) over each run's length, with half as many more (the probe may run
 * while the machine is busier than the runs) and a few in flight at its end.
 */
function usersNeeded(o: Options, bcryptPerSecond: number): number {
  return 1 + 2 * Math.ceil(1.5 * bcryptPerSecond * (o.warmup + o.seconds) + 4 * o.connections);
}

/** Case (a), and the other calls alone and during (a): scrypt alone first, the same minute. */
async function caseA(o: Options, w: AuthWorld, key: Key, spec: WindowSpec): Promise<Pick<AuthResults, 'scryptAlone' | 'a' | 'otherAlone' | 'otherCpuBusy' | 'aOther'>> {
  const members = new UserCursor((i) => w.members[i], w.members.length, false);
  // Each member signs in once before any load: every request answers 200, and the pool's signing key exists.
  await verifyAll(w.server.port, w.members.map((m) => signInRequest(w.clientId, m)));
  say(`scrypt verify alone, ${o.hashingConcurrency} at once, ${o.seconds} s ...`);
  const scryptAlone = await hashAlone('scrypt verify alone', o.hashingConcurrency, o.seconds, await scryptVerifier());
  say('(a) sign-ins of users with a server-made password ...');
  const a = await runWindow(w.server, spec, { signIns: signInsFrom(w.clientId, members), cursor: members });
  const other = async (): Promise<ReturnType<typeof otherCalls>> => {
    const requests = await otherCalls(w.server.port, key, w.poolId, w.members);
    await verifyAll(w.server.port, requests);
    return requests;
  };
  say('(c) the other calls with no sign-ins ...');
  const otherAlone = await runWindow(w.server, spec, { other: await other() });
  say(`(c) the other calls while this process runs scrypt verify, ${o.hashingConcurrency} at once (the CPU as busy, no sign-in) ...`);
  const verify = await scryptVerifier();
  const [otherCpuBusy] = await Promise.all([
    runWindow(w.server, spec, { other: await other() }), hashAlone('scrypt verify', o.hashingConcurrency, o.warmup + o.seconds, verify),
  ]);
  say('(c) the other calls while (a) sign-ins run ...');
  const aOther = await runWindow(w.server, spec, { signIns: signInsFrom(w.clientId, members), cursor: members, other: await other() });
  return { scryptAlone, a, otherAlone, otherCpuBusy, aOther };
}

/** Case (b) alone and with the other calls, bcrypt alone first; user 1 is signed in once beforehand, as a check. */
async function caseB(o: Options, w: AuthWorld, key: Key, spec: WindowSpec, users: number): Promise<Pick<AuthResults, 'bcryptAlone' | 'b' | 'bDrain' | 'bOther'>> {
  const first = await sendOnce(w.server.port, signInRequest(w.clientId, { username: importedUser(1), password: importedPassword(1) }));
  if (first.status !== 200 || !first.body.includes('"AuthenticationResult"')) throw new Error(`an imported user's first sign-in answered ${first.status}: ${first.body}`);
  const fresh = new UserCursor((i) => ({ username: importedUser(i + 2), password: importedPassword(i + 2) }), users - 1, true);
  say(`bcrypt cost-10 verify alone, ${o.hashingConcurrency} at once, ${o.seconds} s ...`);
  const bcryptAlone = await hashAlone('bcrypt verify alone', o.hashingConcurrency, o.seconds, await bcryptVerifier());
  say('(b) first sign-ins of users imported with bcrypt hashes ...');
  const b = await runWindow(w.server, spec, { signIns: signInsFrom(w.clientId, fresh), cursor: fresh });
  const bDrain = await drainUpgrades(w.server.port);
  say(`   ${fresh.used} of ${users - 1} fresh users taken, ${bDrain.pendingAtEnd} upgrades left, drained in ${bDrain.seconds.toFixed(1)} s;`
    + ' (c) the other calls while (b) sign-ins run ...');
  const requests = await otherCalls(w.server.port, key, w.poolId, w.members);
  await verifyAll(w.server.port, requests);
  const bOther = await runWindow(w.server, spec, { signIns: signInsFrom(w.clientId, fresh), cursor: fresh, other: requests });
  await drainUpgrades(w.server.port);
  say(`   ${fresh.used} of ${users - 1} fresh users taken`);
  return { bcryptAlone, b, bDrain, bOther };
}

async function main(): Promise<number> {
  const o = parseOptions(process.argv.slice(2));
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const key: Key = { accessKeyId: `AKIA${randomBytes(8).toString('hex').toUpperCase()}`, secretAccessKey: randomBytes(30).toString('base64') };
  const busyBefore = await busyShare(1000);
  say(`the server, a pool, an app client and ${o.passwordUsers} users with a server-made password ...`);
  const w = await startWorld(o, key);
  let serverErrors: string[] = [];
  try {
    const probe = await hashAlone('bcrypt probe', o.hashingConcurrency, 2, await bcryptVerifier());
    const users = o.users ?? usersNeeded(o, probe.perSecond);
    say(`${users} users with bcrypt cost-10 hashes, imported by one job (bcrypt alone: ${probe.perSecond.toFixed(1)}/s) ...`);
    const imported = await importBcryptUsers(w, users, 8);
    const spec: WindowSpec = { warmup: o.warmup, seconds: o.seconds, connections: o.connections, otherRate: o.otherRate };
    const a = await caseA(o, w, key, spec);
    const b = await caseB(o, w, key, spec, users);
    say('each piece of a sign-in alone ...');
    const pieces = await signInPieces();
    w.sdk.destroy();
    // A second for requests sent before the loads stopped to be answered, then a clean stop.
    await new Promise((r) => setTimeout(r, 1000));
    serverErrors = await stopServer(w.server);
    const r: AuthResults = { o, busyBefore, members: w.members.length, users, ...imported, ...a, ...b, pieces };
    const lines = [
      ...header(r),
      ...caseSection('a', 'USER_PASSWORD_AUTH of users with a server-made password (scrypt)', r.a, r.scryptAlone, o.hashingConcurrency),
      ...caseSection('b', 'First USER_PASSWORD_AUTH of users imported with bcrypt cost-10 hashes (verify; the upgrade after the answer)',
        r.b, r.bcryptAlone, o.hashingConcurrency),
      ...upgradeLines(r),
      ...otherSection(r), ...breakdown(r), ...footer(r, serverErrors),
    ];
    const valid = serverErrors.length === 0 && [r.a, r.b, r.aOther, r.bOther].every((x) => x.signIns!.valid)
      && [r.otherAlone, r.otherCpuBusy, r.aOther, r.bOther].every((x) => x.other!.valid);
    if (!valid) lines.push('', 'INVALID: at least one run had failed requests, a user signed in twice, or server errors; its figures are not reported.');
    process.stdout.write(`${lines.join('\n')}\n`);
    return valid ? 0 : 1;
  } finally {
    w.sdk.destroy();
  }
}

runBench(main);
