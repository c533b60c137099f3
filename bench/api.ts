// API throughput/latency benchmark: SigV4-signed calls driven by autocannon against the
// real server (bin/cognito-import.js serve) in its own process, each next to a bare node:http
// server (also its own process) answering the same bytes, as the baseline of the same run.
//
//   npm run bench:api -- [--rows 500000] [--seconds 10] [--connections 50] [--database-url URL] ...
//   npm run bench:api -- --rows 50000 --seconds 5          (a quick run; --help for every option)
//
// 1. DescribeUserImportJob of a job nobody writes to (a Created job), no import running.
// 2. The import of --rows rows without load: the baseline of the import's own time.
// 3. DescribeUserImportJob of the job being imported, from its start to its end.
// 4. A mixed load (Describe of several jobs, ListUserImportJobs, ListUsers, AdminGetUser), the same.
// 5. CreateUserPool one at a time, with no import and while one runs (how long a write waits).
// Each import runs on a fresh server in the same state (bench/api/world.ts). Under each import:
// req/s and p50/p99 (ratio to bare), the import's time (ratio to 2.), and the server's event-loop
// delay, read from the server process itself (serve --debug-event-loop-delay).
//
// A run in which any request fails (non-2xx, socket error, timeout), an import that does not
// succeed, or a server that logs an error is reported as INVALID, never as a figure. Exit code: 0
// for a valid run (whether the goals are met or not), 1 for an invalid run or a failure.
import { randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { benchTempDir, runBench } from './children';
import { writeCsv } from './lib/csv';
import { BareAnswers, startBare, stopBare } from './api/bare';
import { describeIdle, describeImporting, mixed } from './api/calls';
import { runImport, type ImportRun } from './api/importRun';
import { measureFor, type Measurement } from './api/load';
import { parseOptions, type Options } from './api/options';
import { busyShare, footer, header, idleSection, quietSection, underImportSection, writesSection } from './api/report';
import { stopServer } from './api/server';
import { signRequests, verifyAll, forPort, type Call, type Key } from './api/signing';
import { prepareWorld, type World } from './api/world';

const say = (s: string): void => { process.stderr.write(`${s}\n`); };

/**
 * Our server's log must hold no error; its problems otherwise. A second's pause first: requests
 * the load sent before it stopped are still being answered (to closed sockets), and a server
 * stopped meanwhile closes its store under them ("Cannot use a pool after calling end on the
 * pool" on PostgreSQL).
 */
async function stopChecked(w: World): Promise<string[]> {
  await new Promise((r) => setTimeout(r, 1000));
  const errors = await stopServer(w.server);
  return errors.length ? [`the server logged ${errors.length} errors (first: ${errors[0]})`] : [];
}

/** Figure 1 on the world of figure 2, before its import: ours, then bare, the same load. */
async function idleFigure(o: Options, w: World, key: Key, measurements: Measurement[]): Promise<string[]> {
  const requests = await signRequests(describeIdle(w), o.signed, w.server.port, key);
  const answers = await verifyAll(w.server.port, requests);
  say(`1. Describe of a job nobody writes to: ${o.warmup} s warm-up + ${o.seconds} s, ours then bare ...`);
  const ours = await measureFor('cognito-import', { port: w.server.port, pid: w.server.child.pid }, requests, o.connections, o.warmup, o.seconds);
  const bare = await bareRun(o, requests, BareAnswers.of(requests, answers));
  measurements.push(ours, bare);
  return idleSection(ours, bare);
}

async function bareRun(o: Options, requests: Parameters<typeof forPort>[0], answers: BareAnswers): Promise<Measurement> {
  const bare = await startBare(answers);
  try {
    return await measureFor('bare node:http', { port: bare.port, pid: bare.child.pid }, forPort(requests, bare.port), o.connections, o.warmup, o.seconds);
  } finally {
    await stopBare(bare);
  }
}

/** A fresh server, the calls pre-signed and checked, the import under their load, then the bare baseline. */
async function underImport(o: Options, key: Key, csv: string, name: string, calls: (w: World) => Call[]): Promise<{ run: ImportRun; bare: Measurement }> {
  const w = await prepareWorld(o, key, csv, name);
  const requests = await signRequests(calls(w), o.signed, w.server.port, key);
  const answers = BareAnswers.of(requests, await verifyAll(w.server.port, requests));
  say(`   ${o.warmup} s warm-up, then the import under load ...`);
  const run = await runImport(w, key, o.rows, { title: name, requests, connections: o.connections, warmup: o.warmup });
  run.problems.push(...await stopChecked(w));
  // The bare server answers Describe of the importing job as ours did during the import.
  const describe = requests.find((r) => r.body.includes(w.importJob) && r.headers['X-Amz-Target'].endsWith('.DescribeUserImportJob'));
  if (describe && run.inProgressAnswer) answers.set(describe, run.inProgressAnswer);
  say(`   bare node:http: ${o.warmup} s warm-up + ${o.seconds} s ...`);
  return { run, bare: await bareRun(o, requests, answers) };
}

const WRITES_TITLE = 'CreateUserPool, one at a time (1 connection)';

/**
 * Writes while the import writes: on SQLite each waits for a turn between the import's grouped
 * commits (src/store/sqlite/writeTurns.ts). The same writes on a server with no import are the
 * baseline.
 */
async function writesFigure(o: Options, key: Key, csv: string): Promise<{ run: ImportRun; before: Measurement }> {
  const calls: Call[] = [{ op: 'CreateUserPool', body: JSON.stringify({ PoolName: 'bench-writes' }) }];
  // The writes before the import on a server of their own: they leave thousands of pools behind,
  // and the import runs on a fresh server in the same state as figures 3 and 4's.
  const alone = await prepareWorld(o, key, csv, 'writes-alone');
  let requests = await signRequests(calls, o.signed, alone.server.port, key);
  await verifyAll(alone.server.port, requests);
  say(`   ${o.warmup} s warm-up + ${o.seconds} s with no import ...`);
  const measured = await measureFor(`${WRITES_TITLE}, no import`, { port: alone.server.port, pid: alone.server.child.pid }, requests, 1, o.warmup, o.seconds);
  const problems = await stopChecked(alone);
  const before = problems.length ? { ...measured, valid: false, problems: [...measured.problems, ...problems] } : measured;
  const w = await prepareWorld(o, key, csv, 'writes');
  requests = await signRequests(calls, o.signed, w.server.port, key);
  await verifyAll(w.server.port, requests);
  say(`   ${o.warmup} s warm-up, then the import under the same writes ...`);
  const run = await runImport(w, key, o.rows, { title: WRITES_TITLE, requests, connections: 1, warmup: o.warmup });
  run.problems.push(...await stopChecked(w));
  return { run, before };
}

async function main(): Promise<number> {
  const o = parseOptions(process.argv.slice(2));
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const key: Key = { accessKeyId: `AKIA${randomBytes(8).toString('hex').toUpperCase()}`, secretAccessKey: randomBytes(30).toString('base64') };
  const busyBefore = await busyShare(1000);
  const csv = join(benchTempDir('bench-api-csv-'), 'users.csv');
  say(`writing ${o.rows} rows ...`);
  await writeCsv(csv, o.rows);
  const lines = header(o, statSync(csv).size / 1e6, busyBefore);
  const measurements: Measurement[] = [];
  let valid = true;

  say('2. the import without load (and 1. on the same server before it) ...');
  const quietWorld = await prepareWorld(o, key, csv, 'quiet');
  if (!o.skipIdle) lines.push(...await idleFigure(o, quietWorld, key, measurements));
  const idle = o.skipIdle ? undefined : measurements[0];
  const quiet = await runImport(quietWorld, key, o.rows);
  quiet.problems.push(...await stopChecked(quietWorld));
  lines.push(...quietSection(quiet));
  valid &&= quiet.problems.length === 0;

  const figures: [string, string, (w: World) => Call[]][] = [
    ['describe', 'DescribeUserImportJob of the job being imported', describeImporting],
    ['mixed', 'Mixed load: Describe of 4 jobs (the importing one 1 call in 5), ListUserImportJobs, ListUsers, AdminGetUser',
      (w) => mixed(w, o.signed, o.poolUsers)],
  ];
  for (const [i, [name, title, calls]] of figures.entries()) {
    say(`${i + 3}. ${title} ...`);
    const { run, bare } = await underImport(o, key, csv, name, calls);
    // Figure 1's cost per answer is Describe's: the CPU budget of figure 3 at it too.
    lines.push(...underImportSection(i + 3, title, run, bare, quiet, name === 'describe' ? idle : undefined));
    measurements.push(run.load!, bare);
    valid &&= run.problems.length === 0 && bare.valid;
  }
  say('5. CreateUserPool one at a time ...');
  const writes = await writesFigure(o, key, csv);
  lines.push(...writesSection(5, WRITES_TITLE, writes.run, writes.before, quiet));
  measurements.push(writes.before, writes.run.load!);
  valid &&= writes.run.problems.length === 0 && writes.before.valid;
  if (lines.some((l) => l.includes('INVALID'))) valid = false;
  lines.push(...footer(measurements, o.databaseUrl !== undefined));
  if (!valid) lines.push('', 'INVALID: at least one run had failed requests, a failed import or server errors; its figures are not reported.');
  process.stdout.write(`${lines.join('\n')}\n`);
  return valid ? 0 : 1;
}

runBench(main);
