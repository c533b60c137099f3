// bench/auth's printout: each sign-in figure next to its hash function alone, measured in the same
// run a moment before, as a ratio; the other calls with and without sign-ins; the goals; and the
// breakdown of a sign-in into its pieces.
import os from 'node:os';
import type { Measurement } from '../api/load';
import { COLUMNS, goal, loopText, machineLine, row } from '../api/report';
import type { HashRun, Piece, signInPieces } from './hashes';
import type { Options } from './options';
import type { WindowRun } from './runs';
import type { UpgradeDrain } from './upgrades';

export const GOALS = { ratio: 0.8, otherP99Ms: 10 };

export interface AuthResults {
  o: Options;
  busyBefore: string;
  members: number;
  users: number;
  /** The bench's own making of the bcrypt hashes, and the import job's time (StartDate to CompletionDate). */
  hashSeconds: number;
  importSeconds: number;
  scryptAlone: HashRun;
  a: WindowRun;
  otherAlone: WindowRun;
  /** The other calls while this process hashes (scrypt verify, as many at once as the server's slots): the CPU as busy, no sign-in. */
  otherCpuBusy: WindowRun;
  aOther: WindowRun;
  bcryptAlone: HashRun;
  b: WindowRun;
  /** (b)'s upgrades (scrypt rehash, SRP verifier) left when its run ended, and their drain. */
  bDrain: UpgradeDrain;
  bOther: WindowRun;
  pieces: Awaited<ReturnType<typeof signInPieces>>;
}

const pad = (s: string, n: number): string => s.padStart(n);
const ms = (v: number): string => v.toFixed(2);
const pct = (part: number, whole: number): string => {
  const p = (100 * part) / whole;
  return `${p < 10 ? p.toFixed(1) : Math.round(p)}%`;
};

export function header(r: AuthResults): string[] {
  const o = r.o;
  return [
    '',
    'cognito-import sign-in benchmark (bench/auth): USER_PASSWORD_AUTH InitiateAuth (unsigned AWS JSON 1.1) from autocannon',
    'against our server in its own process; the baseline: the hash function alone in the bench process, at the same concurrency',
    `date        ${new Date().toISOString()}`,
    `machine     ${machineLine()}`,
    `backend     ${o.databaseUrl ? 'PostgreSQL (a fresh database)' : 'SQLite (a fresh data dir)'}; server --hashing-concurrency ${o.hashingConcurrency}, --log-level ${o.logLevel}`,
    `other load  ${r.busyBefore} of all CPU time busy in the second before the bench; load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} at its end`,
    `load        ${o.connections} sign-in connections, pipelining 1; ${o.warmup} s warm-up, then ${o.seconds} s measured, each run`,
    `users       (a) ${r.members} with a server-made password (AdminSetUserPassword --permanent), cycled through;`,
    `            (b) ${r.users} imported by one job with bcrypt cost-10 hashes, each signed in once (hashes made in`
      + ` ${r.hashSeconds.toFixed(1)} s, the import ${r.importSeconds.toFixed(2)} s)`,
  ];
}

const hashRow = (h: HashRun, c: number): string =>
  `${`${h.name} (${c} at once)`.padEnd(30)}${pad(h.perSecond.toFixed(1), 9)}${pad(ms(h.p50), 9)}${pad(ms(h.p99), 9)}${pad('', 19)}${pad(`${h.seconds.toFixed(1)} s`, 9)}   ${h.calls} calls`;

export function caseSection(label: string, title: string, run: WindowRun, alone: HashRun, c: number): string[] {
  const m = run.signIns!;
  const ratio = m.rps / alone.perSecond;
  return [
    '', `(${label}) ${title}`, COLUMNS.replace('req/s', 'sign/s'),
    row(`sign-ins (${label})`, m), hashRow(alone, c),
    ...(m.valid ? [`${'ratio sign-ins/hash alone'.padEnd(30)}${pad(ratio.toFixed(2), 9)}${pad((m.p50 / alone.p50).toFixed(2), 9)}${pad((m.p99 / alone.p99).toFixed(2), 9)}`] : []),
    `   event-loop delay of the server meanwhile: ${loopText(run.loop)}`,
    goal(`sign-ins/s >= ${GOALS.ratio} of the hash alone`, m.valid ? ratio.toFixed(2) : undefined, ratio >= GOALS.ratio),
  ];
}

/**
 * (b)'s whole cost: the sign-ins of the window and the upgrades they left, drained once the
 * sign-ins stopped; over the window plus the drain, as a rate and against bcrypt alone.
 */
export function upgradeLines(r: AuthResults): string[] {
  const m = r.b.signIns!;
  if (!m.valid) return [];
  const signedIn = m.rps * r.o.seconds;
  const overall = signedIn / (r.o.seconds + r.bDrain.seconds);
  return [
    `   upgrades (scrypt rehash + SRP verifier) left waiting when the sign-ins stopped: ${r.bDrain.pendingAtEnd}, all saved ${r.bDrain.seconds.toFixed(1)} s later`,
    `   sign-ins and their upgrades together: ${overall.toFixed(1)}/s over ${(r.o.seconds + r.bDrain.seconds).toFixed(1)} s,`
      + ` ${(overall / r.bcryptAlone.perSecond).toFixed(2)} of bcrypt alone (the CPU a first sign-in costs in all; not a goal)`,
  ];
}

export function otherSection(r: AuthResults): string[] {
  const during = [r.aOther, r.bOther];
  const valid = during.every((w) => w.other!.valid);
  const worst = Math.max(...during.map((w) => w.other!.p99));
  return [
    '', `(c) Other calls (signed DescribeUserPool and AdminGetUser of the (a) users, 2 connections, ${r.o.otherRate} req/s) while sign-ins run`,
    COLUMNS,
    row('other calls, no sign-ins', r.otherAlone.other!), row('other calls, (a) sign-ins', r.aOther.other!), row('other calls, (b) sign-ins', r.bOther.other!),
    row('other calls, bench hashing', r.otherCpuBusy.other!),
    row('  (a) sign-ins meanwhile', r.aOther.signIns!), row('  (b) sign-ins meanwhile', r.bOther.signIns!),
    `   event-loop delay of the server: no sign-ins ${loopText(r.otherAlone.loop)}`,
    `                                   (a) ${loopText(r.aOther.loop)}`,
    `                                   (b) ${loopText(r.bOther.loop)}`,
    `                                   bench hashing ${loopText(r.otherCpuBusy.loop)}`,
    `   ('bench hashing': no sign-in, but this process runs scrypt verify ${r.o.hashingConcurrency} at once meanwhile, so the CPU is as busy as under (a))`,
    goal(`p99 < ${GOALS.otherP99Ms} ms while sign-ins run (worst)`, valid ? `${ms(worst)} ms` : undefined, worst < GOALS.otherP99Ms),
  ];
}

function pieceRow(p: Piece, a: number | undefined, b: number | undefined): string {
  const share = (sum: number | undefined): string => pad(sum === undefined ? '-' : pct(p.ms, sum), 9);
  return `   ${p.name.padEnd(46)}${pad(p.ms.toFixed(2), 9)}   ${p.where.padEnd(12)}${share(a)}${share(b)}`;
}

/** Each piece of a sign-in, its share of (a)'s and of (b)'s sum, and the server CPU per sign-in measured. */
export function breakdown(r: AuthResults): string[] {
  const p = r.pieces;
  const aPieces = [p.scryptVerify, p.tokens];
  const bPieces = [p.bcrypt, p.scryptHash, p.srpVerifier, p.tokens];
  const sum = (ps: Piece[]): number => ps.reduce((t, x) => t + x.ms, 0);
  const pool = (ps: Piece[]): number => sum(ps.filter((x) => x.where === 'thread pool'));
  const [aSum, bSum] = [sum(aPieces), sum(bPieces)];
  const c = r.o.hashingConcurrency;
  const cpu = (m: Measurement | undefined): string => (m?.valid && m.cpuPerRequestUs !== undefined ? `${(m.cpuPerRequestUs / 1000).toFixed(1)} ms` : 'n/a');
  const ratio = (m: Measurement | undefined, alone: HashRun): string => (m?.valid ? (m.rps / alone.perSecond).toFixed(2) : 'n/a');
  return [
    '', 'Where a sign-in\'s time goes: each piece timed alone in the bench process, one call at a time (medians)',
    `   ${'piece'.padEnd(46)}${pad('ms', 9)}   ${'runs on'.padEnd(12)}${pad('(a) share', 9)}${pad('(b) share', 10)}`,
    pieceRow(p.bcrypt, undefined, bSum), pieceRow(p.scryptVerify, aSum, undefined), pieceRow(p.scryptHash, undefined, bSum),
    pieceRow(p.srpVerifier, undefined, bSum), pieceRow(p.tokens, aSum, bSum),
    `   ${'sum'.padEnd(46)}${pad('', 9)}   ${''.padEnd(12)}${pad(`${aSum.toFixed(1)} ms`, 9)}${pad(`${bSum.toFixed(1)} ms`, 10)}`,
    `   server CPU per sign-in measured (all its threads): (a) ${cpu(r.a.signIns)}, (b) ${cpu(r.b.signIns)}`,
    `   with the ${c} hashing slots as the bottleneck, the thread-pool pieces allow at most: (a) ${(p.scryptVerify.ms / pool(aPieces)).toFixed(2)}`
      + ` of scrypt alone (measured ${ratio(r.a.signIns, r.scryptAlone)}); (b) 1.00 of bcrypt alone while the upgrades wait (measured`
      + ` ${ratio(r.b.signIns, r.bcryptAlone)}), ${(p.bcrypt.ms / pool(bPieces)).toFixed(2)} once they are counted (bcrypt / (bcrypt + the rehash))`,
  ];
}

export function footer(r: AuthResults, serverErrors: string[]): string[] {
  const runs = [r.a, r.otherAlone, r.aOther, r.b, r.bOther].flatMap((w) => [w.signIns, w.other]).filter((m): m is Measurement => m !== undefined);
  const other = Math.max(0, ...runs.map((m) => m.otherCores), r.scryptAlone.otherCores, r.bcryptAlone.otherCores);
  const lines = [
    '',
    '(srv CPU: the server process\'s user+system CPU time over the window, all its threads, as a share of one core and per answer;',
    ' latencies: exact percentiles of every 2xx response time autocannon measured in the window, and of every call of the hash alone;',
    ' event-loop delay: the server\'s monitorEventLoopDelay over the measured window)',
    `other processes (neither the server nor the bench) used, in cores: hash alone ${r.scryptAlone.otherCores.toFixed(2)} (scrypt),`
      + ` ${r.bcryptAlone.otherCores.toFixed(2)} (bcrypt); sign-ins (a) ${r.a.signIns!.otherCores.toFixed(2)}, (b) ${r.b.signIns!.otherCores.toFixed(2)};`
      + ` other calls alone ${r.otherAlone.other!.otherCores.toFixed(2)}`,
  ];
  if (other > 0.1) {
    lines.push('', `WARNING: other processes used up to ${other.toFixed(2)} cores of ${os.cpus().length} during the runs;`
      + ' the figures (the ratios especially) are skewed: rerun on a quiet machine.');
  }
  if (serverErrors.length) lines.push('', `INVALID: the server logged ${serverErrors.length} errors (first: ${serverErrors[0]})`);
  return lines;
}
