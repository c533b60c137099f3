// bench/api's printout: each figure next to its baseline of the same run, as ratios, and the goals.
import os from 'node:os';
import type { Measurement } from './load';
import type { Options } from './options';
import type { ImportRun } from './importRun';
import type { LoopDelay } from './server';

export const GOALS = {
  /** A job nobody writes to (the first figure). */
  idleRatio: 0.5,
  p99Ms: 10,
  /** Under import (docs/benchmarks.md, "Latest figures against the goals"). */
  importRatio: 0.4,
  importSlowdown: 1.25,
  loopP99Ms: 10,
};

const ms = (v: number): string => v.toFixed(2);
const pad = (s: string, n: number): string => s.padStart(n);

/** Share of all CPUs' time spent not idle over `msWait` (from os.cpus() counters), e.g. '3%'. */
export async function busyShare(msWait: number): Promise<string> {
  const sum = (): { idle: number; total: number } => os.cpus().reduce((a, c) => {
    const t = c.times;
    return { idle: a.idle + t.idle, total: a.total + t.user + t.nice + t.sys + t.idle + t.irq };
  }, { idle: 0, total: 0 });
  const a = sum();
  await new Promise((r) => setTimeout(r, msWait));
  const b = sum();
  const total = b.total - a.total;
  return total > 0 ? `${Math.round(100 * (1 - (b.idle - a.idle) / total))}%` : 'unknown';
}

/** CPUs, memory, OS and Node: the machine line of every bench/api and bench/auth printout. */
export function machineLine(): string {
  const cpus = os.cpus();
  return `${cpus.length} CPUs (${cpus[0]?.model.trim() ?? 'unknown'}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, ${os.platform()} ${os.release()} ${os.arch()}; node ${process.version}`;
}

export function header(o: Options, csvMb: number, busyBefore: string): string[] {
  return [
    '',
    'cognito-import API benchmark (bench/api): SigV4-signed AWS JSON 1.1 calls from autocannon, our server and each',
    'baseline (a bare node:http server answering the same bytes) in processes of their own',
    `date        ${new Date().toISOString()}`,
    `machine     ${machineLine()}`,
    `backend     ${o.databaseUrl ? 'PostgreSQL (a fresh database per server)' : 'SQLite (a fresh data dir per server)'}`,
    `other load  ${busyBefore} of all CPU time busy in the second before the bench`,
    `load        ${o.connections} connections, pipelining 1, ${o.signed} distinct pre-signed requests; ${o.warmup} s warm-up before each load;`
      + ` fixed runs ${o.seconds} s; runs under import from the job's start to its end`,
    `import      ${o.rows.toLocaleString('en-US')} rows (${csvMb.toFixed(1)} MB CSV) into an empty pool; beside it a pool of ${o.poolUsers.toLocaleString('en-US')} users`,
  ];
}

export const COLUMNS = `${'target'.padEnd(30)}${pad('req/s', 9)}${pad('p50 ms', 9)}${pad('p99 ms', 9)}${pad('srv CPU', 9)}${pad('CPU/req', 10)}${pad('window', 9)}`;

export function row(name: string, m: Measurement): string {
  if (!m.valid) return `${name.padEnd(30)}${pad('INVALID', 9)}   ${m.problems.join('; ')} (${m.statusCodes || 'no answers'})`;
  const cpu = m.cpuShare === undefined ? pad('n/a', 19) : `${pad(`${Math.round(100 * m.cpuShare)}%`, 9)}${pad(`${m.cpuPerRequestUs!.toFixed(0)} us`, 10)}`;
  return `${name.padEnd(30)}${pad(m.rps.toFixed(m.rps < 100 ? 1 : 0), 9)}${pad(ms(m.p50), 9)}${pad(ms(m.p99), 9)}${cpu}${pad(`${m.duration.toFixed(1)} s`, 9)}   ${m.ok} ok`;
}

const ratioRow = (ours: Measurement, bare: Measurement): string =>
  `${'ratio ours/bare'.padEnd(30)}${pad((ours.rps / bare.rps).toFixed(2), 9)}${pad((ours.p50 / bare.p50).toFixed(2), 9)}${pad((ours.p99 / bare.p99).toFixed(2), 9)}`;

export const loopText = (l: LoopDelay): string =>
  `p50 ${ms(l.delayMs.p50)} ms, p99 ${ms(l.delayMs.p99)} ms, max ${ms(l.delayMs.max)} ms (${l.samples} ticks of a 1 ms timer)`;

export function goal(text: string, value: string | undefined, pass: boolean): string {
  return `  goal  ${text.padEnd(44)}${value === undefined ? `${pad('-', 10)}   INVALID RUN (no figure)` : `${pad(value, 10)}   ${pass ? 'PASS' : 'MISS'}`}`;
}

/** The first figure: Describe of a job nobody writes to. */
export function idleSection(ours: Measurement, bare: Measurement): string[] {
  const both = ours.valid && bare.valid;
  return [
    '', '1. DescribeUserImportJob of a job nobody writes to (Created), no import running',
    COLUMNS, row('cognito-import', ours), row('bare node:http', bare), ...(both ? [ratioRow(ours, bare)] : []),
    goal(`req/s ours/bare >= ${GOALS.idleRatio}`, both ? (ours.rps / bare.rps).toFixed(2) : undefined, ours.rps / bare.rps >= GOALS.idleRatio),
    goal(`p99 < ${GOALS.p99Ms} ms`, ours.valid ? `${ms(ours.p99)} ms` : undefined, ours.p99 < GOALS.p99Ms),
  ];
}

export function quietSection(quiet: ImportRun): string[] {
  return [
    '', `2. The import without load (the baseline of the import's time): ${quiet.problems.length ? `INVALID: ${quiet.problems.join('; ')}`
      : `${quiet.importSeconds.toFixed(2)} s from start to ${quiet.status}, ${Math.round(quiet.importedUsers / quiet.importSeconds).toLocaleString('en-US')} users/s`}`,
    `   event-loop delay of the server meanwhile: ${loopText(quiet.loop)}`,
  ];
}

/** A figure under import: the load over the whole import, its bare baseline, the import's time and the loop's delay. */
export function underImportSection(n: number, title: string, run: ImportRun, bare: Measurement, quiet: ImportRun, oursIdle?: Measurement): string[] {
  const ours = run.load!;
  const valid = run.problems.length === 0 && ours.valid;
  const both = valid && bare.valid;
  const slowdown = run.importSeconds / quiet.importSeconds;
  const quietOk = quiet.problems.length === 0;
  return [
    '', `${n}. ${title}, while the import runs`,
    COLUMNS, row('cognito-import under import', valid ? ours : { ...ours, valid: false, problems: run.problems }), row('bare node:http', bare),
    ...(both ? [ratioRow(ours, bare)] : []),
    `   the import: ${run.importSeconds.toFixed(2)} s from start to ${run.status} (${slowdown.toFixed(2)}x its time without load)`,
    `   event-loop delay of the server meanwhile: ${loopText(run.loop)}`,
    ...(bare.valid && quietOk && bare.cpuPerRequestUs !== undefined ? budgetLines(quiet, bare, oursIdle) : []),
    goal(`req/s ours/bare >= ${GOALS.importRatio}`, both ? (ours.rps / bare.rps).toFixed(2) : undefined, ours.rps / bare.rps >= GOALS.importRatio),
    goal(`p99 < ${GOALS.p99Ms} ms`, valid ? `${ms(ours.p99)} ms` : undefined, ours.p99 < GOALS.p99Ms),
    goal(`import time <= ${GOALS.importSlowdown}x without load`, valid && quietOk ? `${slowdown.toFixed(2)}x` : undefined, slowdown <= GOALS.importSlowdown),
    goal(`event-loop delay p99 < ${GOALS.loopP99Ms} ms`, valid ? `${ms(run.loop.delayMs.p99)} ms` : undefined, run.loop.delayMs.p99 < GOALS.loopP99Ms),
  ];
}

/** The writes figure: one write at a time while the import runs, next to the same writes on a server with no import. */
export function writesSection(n: number, title: string, run: ImportRun, before: Measurement, quiet: ImportRun): string[] {
  const ours = run.load!;
  const valid = run.problems.length === 0 && ours.valid;
  const slowdown = run.importSeconds / quiet.importSeconds;
  return [
    '', `${n}. ${title}, while the import runs`,
    COLUMNS, row('no import', before), row('cognito-import under import', valid ? ours : { ...ours, valid: false, problems: run.problems }),
    `   the import: ${run.importSeconds.toFixed(2)} s from start to ${run.status} (${slowdown.toFixed(2)}x its time without load)`,
    `   event-loop delay of the server meanwhile: ${loopText(run.loop)}`,
    '   (no goal: how long a write waits for its turn while the import writes, recorded to be compared run to run)',
  ];
}

/**
 * Whether this machine has the CPU for the ratio goal and the import goal together: the import
 * alone keeps `busyCores` busy (figure 2); stretched to the slowdown goal it leaves the rest of
 * the machine's cores to the load, and the ratio goal's answers cost at least what the bare
 * server and autocannon spend per answer. A lower bound on what the goals need, measured.
 */
function budgetLines(quiet: ImportRun, bare: Measurement, oursIdle?: Measurement): string[] {
  const cores = os.cpus().length;
  const left = cores - quiet.busyCores / GOALS.importSlowdown;
  const need = (perAnswerUs: number): number => (GOALS.importRatio * bare.rps * (perAnswerUs + bare.loadCpuPerRequestUs)) / 1e6;
  const atBare = need(bare.cpuPerRequestUs ?? NaN);
  const lines = [
    `   CPU budget: the import alone kept ${quiet.busyCores.toFixed(2)} cores busy; at ${GOALS.importSlowdown}x its time it leaves`
      + ` ${left.toFixed(2)} of ${cores} cores to the load. ${GOALS.importRatio} of bare (${Math.round(GOALS.importRatio * bare.rps)} req/s)`,
    `   needs ${atBare.toFixed(2)} cores at the bare server's cost per answer (${(bare.cpuPerRequestUs ?? NaN).toFixed(0)} us, and autocannon's`
      + ` ${bare.loadCpuPerRequestUs.toFixed(0)} us): ${atBare <= left ? 'within' : 'BEYOND'} this machine's CPU`,
  ];
  if (oursIdle?.valid && oursIdle.cpuPerRequestUs !== undefined) {
    const atOurs = need(oursIdle.cpuPerRequestUs);
    lines.push(`   and ${atOurs.toFixed(2)} cores at ours with no import (figure 1: ${oursIdle.cpuPerRequestUs.toFixed(0)} us an answer):`
      + ` ${atOurs <= left ? 'within' : 'BEYOND'} this machine's CPU`);
  }
  return lines;
}

export function footer(measurements: Measurement[], postgres: boolean): string[] {
  const lines = [
    '',
    '(srv CPU: the server process\'s user+system CPU time over the window, as a share of one core and per answer;',
    ' latencies: exact percentiles of every 2xx response time autocannon measured in the window;',
    ' event-loop delay: the server\'s monitorEventLoopDelay over the import, each tick\'s lateness past its 1 ms timer)',
  ];
  const other = Math.max(0, ...measurements.map((m) => m.otherCores));
  if (other > 0.1) {
    lines.push('', `WARNING: other processes used up to ${other.toFixed(2)} cores of ${os.cpus().length} during the runs;`
      + ' the figures (the ratios especially) are skewed: rerun on a quiet machine.'
      + (postgres ? ' (On PostgreSQL its own processes are among them while an import runs.)' : ''));
  }
  return lines;
}
