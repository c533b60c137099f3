// API throughput/latency benchmark: DescribeUserImportJob with real SigV4-signed requests, driven by
// autocannon, against the real server (bin/cognito-import.js serve) in its own process, and against a
// bare node:http server (also its own process) answering a fixed body of the same size, as a baseline.
//
//   npm run bench:api -- [--duration 10] [--connections 50] [--warmup 1] [--signed 200] [--cpu-prof DIR]
//
// BENCH_SERVER_NODE_OPTIONS, when set, is given to our server process only as NODE_OPTIONS
// (e.g. --perf-basic-prof for `perf record -p <pid>`).
//
// Both targets get the same load: a short unmeasured warm-up (JIT, connection set-up), then the
// measured run. A run in which any request fails (non-2xx, socket error, timeout) is reported as INVALID, never as a
// figure. Exit code: 0 for a valid run (whether the goals are met or not), 1 for an invalid run or a failure.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { benchTempDir, runBench, spawnListening, type Child } from './children';
import { SignatureV4 } from '@smithy/signature-v4';
import { HttpRequest } from '@smithy/protocol-http';
import { Hash } from '@smithy/hash-node';
import {
  CognitoIdentityProviderClient, CreateUserImportJobCommand, CreateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';

const REPO = join(__dirname, '..', '..');
const BIN = join(REPO, 'bin', 'cognito-import.js');

const REGION = 'us-east-1';
const SERVICE = 'cognito-idp';
const TARGET = 'AWSCognitoIdentityProviderService.DescribeUserImportJob';
const CONTENT_TYPE = 'application/x-amz-json-1.1';
/** What botocore signs for an AWS JSON 1.1 call (no session token): nothing more, nothing less. */
const SIGNED_HEADERS = 'content-type;host;x-amz-date;x-amz-target';
/** The server refuses x-amz-date more than 15 minutes off its clock. */
const MAX_SKEW_S = 15 * 60;
const ROLE_ARN = 'arn:aws:iam::000000000000:role/CognitoCloudWatchLogsRole';

const GOAL_RATIO = 0.5;
const GOAL_P99_MS = 10;

const USAGE = `usage: node dist/bench/api.js [--duration SECONDS] [--connections N] [--warmup SECONDS] [--signed N] [--cpu-prof DIR]

  --duration     measured seconds per target (default 10)
  --connections  concurrent connections (default 50)
  --warmup       unmeasured seconds of the same load before each measured run, 0 for none (default 1)
  --signed       how many distinct pre-signed requests each connection cycles through (default 200)
  --cpu-prof     run our server under node --cpu-prof and write its profile to DIR`;

interface Options {
  duration: number;
  connections: number;
  warmup: number;
  signed: number;
  cpuProfDir?: string;
}

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      duration: { type: 'string' }, connections: { type: 'string' }, warmup: { type: 'string' },
      signed: { type: 'string' }, 'cpu-prof': { type: 'string' }, help: { type: 'boolean', short: 'h' },
    },
    strict: true, allowPositionals: false,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const int = (name: string, v: string | undefined, dflt: number, min: number, max: number): number => {
    if (v === undefined) return dflt;
    const n = Number(v);
    if (!/^\d+$/.test(v) || n < min || n > max) throw new Error(`--${name} must be a whole number from ${min} to ${max}, not '${v}'\n\n${USAGE}`);
    return n;
  };
  const o: Options = {
    duration: int('duration', values.duration, 10, 1, 600),
    connections: int('connections', values.connections, 50, 1, 10_000),
    warmup: int('warmup', values.warmup, 1, 0, 60),
    signed: int('signed', values.signed, 200, 1, 600),
    cpuProfDir: values['cpu-prof'],
  };
  // Signing dates go back `signed` seconds from just before the load; the oldest must stay within
  // the server's 15-minute window until our run ends (with two minutes to spare for setup).
  if (o.signed + o.warmup + o.duration > MAX_SKEW_S - 120) {
    throw new Error(`--signed + --warmup + --duration must stay under ${MAX_SKEW_S - 120} s so every signature stays within the server's 15-minute clock skew`);
  }
  return o;
}

// ---------------------------------------------------------------- the bare baseline

/** A bare node:http server: reads the body, answers the same status, headers and body bytes every time. */
const BARE_SERVER = `
'use strict';
const http = require('node:http');
const body = Buffer.from(process.env.BARE_BODY, 'utf8');
const requestId = process.env.BARE_REQUEST_ID;
const server = http.createServer((req, res) => {
  req.on('data', () => {});
  req.on('end', () => {
    res.writeHead(200, { 'Content-Type': ${JSON.stringify(CONTENT_TYPE)}, 'x-amzn-RequestId': requestId, 'Content-Length': body.length });
    res.end(body);
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write('bare listening on http://127.0.0.1:' + server.address().port + '\\n'));
process.on('SIGTERM', () => { server.closeAllConnections(); server.close(() => process.exit(0)); });
`;

// ---------------------------------------------------------------- signing

interface Key {
  accessKeyId: string;
  secretAccessKey: string;
}

interface SignedRequest {
  method: 'POST';
  path: '/';
  headers: Record<string, string>;
  body: string;
}

/**
 * `n` distinct, valid requests for the same call: identical but for X-Amz-Date (one second apart,
 * the newest now) and so the signature. Headers as botocore sends them; the Host header is given
 * explicitly so autocannon sends exactly the value that was signed.
 */
async function signRequests(n: number, port: number, key: Key, body: string): Promise<SignedRequest[]> {
  const signer = new SignatureV4({
    credentials: key, region: REGION, service: SERVICE, sha256: Hash.bind(null, 'sha256'), applyChecksum: false,
  });
  const host = `127.0.0.1:${port}`;
  const newest = Math.floor(Date.now() / 1000) * 1000;
  const out: SignedRequest[] = [];
  for (let i = 0; i < n; i++) {
    const unsigned = new HttpRequest({
      method: 'POST', protocol: 'http:', hostname: '127.0.0.1', port, path: '/',
      headers: { 'content-type': CONTENT_TYPE, host, 'x-amz-target': TARGET }, body,
    });
    const signed = await signer.sign(unsigned, { signingDate: new Date(newest - i * 1000) });
    const authorization = String(signed.headers.authorization);
    const signedHeaders = /SignedHeaders=([^,]+)/.exec(authorization)?.[1];
    if (signedHeaders !== SIGNED_HEADERS) throw new Error(`signer signed '${signedHeaders}', expected '${SIGNED_HEADERS}'`);
    out.push({
      method: 'POST', path: '/', body,
      headers: {
        Host: host,
        'X-Amz-Target': TARGET,
        'Content-Type': CONTENT_TYPE,
        'User-Agent': 'cognito-import-bench',
        'X-Amz-Date': String(signed.headers['x-amz-date']),
        Authorization: authorization,
      },
    });
  }
  return out;
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(port: number, r: SignedRequest, agent: Agent): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method: r.method, path: r.path, headers: r.headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(r.body);
  });
}

async function sendOnce(port: number, r: SignedRequest): Promise<Answer> {
  const agent = new Agent({ keepAlive: false });
  try {
    return await send(port, r, agent);
  } finally {
    agent.destroy();
  }
}

/** Every pre-signed request must be answered 200 with the job, before any load is measured. */
async function verifyAll(port: number, requests: SignedRequest[], jobId: string): Promise<Answer> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    let first: Answer | undefined;
    for (const [i, r] of requests.entries()) {
      const a = await send(port, r, agent);
      if (a.status !== 200) throw new Error(`pre-signed request ${i} (X-Amz-Date ${r.headers['X-Amz-Date']}) got HTTP ${a.status}: ${a.body}`);
      const parsed = JSON.parse(a.body) as { UserImportJob?: { JobId?: string } };
      if (parsed.UserImportJob?.JobId !== jobId) throw new Error(`pre-signed request ${i} answered another body: ${a.body}`);
      first ??= a;
    }
    return first!;
  } finally {
    agent.destroy();
  }
}

// ---------------------------------------------------------------- load

/** Non-idle CPU seconds of the whole machine so far (all CPUs). */
function machineBusySeconds(): number {
  return os.cpus().reduce((a, c) => a + c.times.user + c.times.nice + c.times.sys + c.times.irq, 0) / 1000;
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux); undefined elsewhere. */
let clockTicks: number | undefined;
function cpuSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    clockTicks ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / clockTicks;
  } catch {
    return undefined;
  }
}

interface Measurement {
  valid: boolean;
  /** Server process CPU time over the measured run: share of one core, and microseconds per answer. */
  cpuShare?: number;
  cpuPerRequestUs?: number;
  /** CPU the rest of the machine (neither the server nor this load generator) used meanwhile, in cores. */
  otherCores: number;
  problems: string[];
  rps: number;
  p50: number;
  p99: number;
  ok: number;
  duration: number;
  acP50: number;
  acP99: number;
  statusCodes: string;
}

function percentile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

async function runLoad(title: string, target: Child, requests: SignedRequest[], seconds: number, connections: number): Promise<Measurement> {
  const port = target.port;
  let latencies = new Float64Array(1 << 16);
  let n = 0;
  let firstError: string | undefined;
  const instance = autocannon({
    title, url: `http://127.0.0.1:${port}`, connections, duration: seconds, pipelining: 1, timeout: 10,
    requests: requests.map((r) => ({ method: r.method, path: r.path, headers: { ...r.headers }, body: r.body })),
  });
  instance.on('response', (_client, statusCode, _bytes, responseTime) => {
    if (statusCode < 200 || statusCode > 299) return;
    if (n === latencies.length) {
      const bigger = new Float64Array(latencies.length * 2);
      bigger.set(latencies);
      latencies = bigger;
    }
    latencies[n++] = responseTime;
  });
  instance.on('reqError', (e: Error) => { firstError ??= e.message; });
  const cpuBefore = cpuSeconds(target.child.pid);
  const machineBefore = machineBusySeconds();
  const selfBefore = process.cpuUsage();
  const result = await instance;
  const cpuAfter = cpuSeconds(target.child.pid);
  const selfUsed = process.cpuUsage(selfBefore);
  const machineUsed = machineBusySeconds() - machineBefore;
  const cpu = cpuBefore !== undefined && cpuAfter !== undefined ? cpuAfter - cpuBefore : undefined;
  const sorted = latencies.subarray(0, n).sort();
  const problems: string[] = [];
  if (result.non2xx) problems.push(`${result.non2xx} non-2xx answers`);
  if (result.errors) problems.push(`${result.errors} request errors${firstError ? ` (first: ${firstError})` : ''}`);
  if (result.timeouts) problems.push(`${result.timeouts} timeouts`);
  if (result.resets) problems.push(`${result.resets} request pipeline resets`);
  if (n === 0) problems.push('no 2xx answer at all');
  return {
    valid: problems.length === 0, problems,
    cpuShare: cpu === undefined ? undefined : cpu / result.duration,
    otherCores: Math.max(0, machineUsed - (selfUsed.user + selfUsed.system) / 1e6 - (cpu ?? 0)) / result.duration,
    cpuPerRequestUs: cpu === undefined || n === 0 ? undefined : (cpu * 1e6) / Math.max(n, result.requests.total),
    rps: result.requests.average, p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99),
    ok: n, duration: result.duration, acP50: result.latency.p50, acP99: result.latency.p99,
    statusCodes: Object.entries(result.statusCodeStats).map(([s, c]) => `${s}:${c.count}`).join(' '),
  };
}

/** Warm-up (unmeasured, but it must be clean too), then the measured run. */
async function measure(title: string, target: Child, requests: SignedRequest[], o: Options): Promise<Measurement> {
  if (o.warmup > 0) {
    const w = await runLoad(`${title} warm-up`, target, requests, o.warmup, o.connections);
    if (!w.valid) return { ...w, problems: w.problems.map((p) => `warm-up: ${p}`) };
  }
  return runLoad(title, target, requests, o.duration, o.connections);
}

// ---------------------------------------------------------------- report

/** Share of all CPUs' time spent not idle over `ms` (from os.cpus() counters), e.g. '3%'. */
async function busyShare(ms: number): Promise<string> {
  const sum = (): { idle: number; total: number } => os.cpus().reduce((a, c) => {
    const t = c.times;
    return { idle: a.idle + t.idle, total: a.total + t.user + t.nice + t.sys + t.idle + t.irq };
  }, { idle: 0, total: 0 });
  const a = sum();
  await new Promise((r) => setTimeout(r, ms));
  const b = sum();
  const total = b.total - a.total;
  return total > 0 ? `${Math.round(100 * (1 - (b.idle - a.idle) / total))}%` : 'unknown';
}

const ms = (v: number): string => v.toFixed(2);
const gib = (b: number): string => `${(b / 2 ** 30).toFixed(1)} GiB`;

function report(o: Options, ours: Measurement, bare: Measurement, bodyBytes: number, busyBefore: string): boolean {
  const cpus = os.cpus();
  const lines: string[] = [];
  lines.push('');
  lines.push('cognito-import API benchmark: DescribeUserImportJob, SigV4-signed (AWS JSON 1.1)');
  lines.push(`date        ${new Date().toISOString()}`);
  lines.push(`machine     ${cpus.length} CPUs (${cpus[0]?.model.trim() ?? 'unknown'}), ${gib(os.totalmem())} total memory, ${os.platform()} ${os.release()} ${os.arch()}`);
  lines.push(`node        ${process.version}`);
  lines.push(`other load  ${busyBefore} of all CPU time busy in the second before the load; other processes used ~${ours.otherCores.toFixed(2)} / ~${bare.otherCores.toFixed(2)} cores during our / the bare run`);
  lines.push(`load        autocannon, ${o.connections} connections, pipelining 1, ${o.duration} s measured after ${o.warmup} s warm-up, per target`);
  lines.push(`requests    ${o.signed} distinct pre-signed requests (signed headers ${SIGNED_HEADERS}), answer body ${bodyBytes} bytes`);
  lines.push('');
  const cpu = (m: Measurement): string => (m.cpuShare === undefined ? 'n/a'.padStart(20)
    : `${`${Math.round(100 * m.cpuShare)}%`.padStart(8)}${`${m.cpuPerRequestUs!.toFixed(0)} us`.padStart(12)}`);
  const row = (name: string, m: Measurement): string => m.valid
    ? `${name.padEnd(18)}${m.rps.toFixed(0).padStart(10)}${ms(m.p50).padStart(10)}${ms(m.p99).padStart(10)}${cpu(m)}   ${m.ok} ok in ${m.duration.toFixed(1)} s (${m.statusCodes})`
    : `${name.padEnd(18)}${'INVALID'.padStart(10)}${'-'.padStart(10)}${'-'.padStart(10)}${'-'.padStart(8)}${'-'.padStart(12)}   ${m.problems.join('; ')} (${m.statusCodes || 'no answers'})`;
  lines.push(`${'target'.padEnd(18)}${'req/s'.padStart(10)}${'p50 ms'.padStart(10)}${'p99 ms'.padStart(10)}${'srv CPU'.padStart(8)}${'CPU/req'.padStart(12)}`);
  lines.push(row('cognito-import', ours));
  lines.push(row('bare node:http', bare));
  const both = ours.valid && bare.valid;
  if (both) {
    lines.push(`${'ratio ours/bare'.padEnd(18)}${(ours.rps / bare.rps).toFixed(2).padStart(10)}${(ours.p50 / bare.p50).toFixed(2).padStart(10)}${(ours.p99 / bare.p99).toFixed(2).padStart(10)}`);
  }
  lines.push('');
  lines.push('(srv CPU: the server process\'s user+system CPU time over the measured run, as a share of one core and per answer)');
  lines.push('(latencies: exact percentiles of every 2xx response time autocannon measured; autocannon\'s own integer-ms'
    + ` histogram says p50/p99 ${both ? `${ours.acP50}/${ours.acP99} ms ours, ${bare.acP50}/${bare.acP99} ms bare` : 'n/a'})`);
  lines.push('');
  const ratio = ours.rps / bare.rps;
  const goal = (text: string, valid: boolean, value: string, pass: boolean): string =>
    `goal  ${text.padEnd(32)}${valid ? `${value.padStart(10)}   ${pass ? 'PASS' : 'MISS'}` : `${'-'.padStart(10)}   INVALID RUN (no figure)`}`;
  lines.push(goal(`req/s ratio ours/bare >= ${GOAL_RATIO}`, both, ratio.toFixed(2), ratio >= GOAL_RATIO));
  lines.push(goal(`p99 latency ours < ${GOAL_P99_MS} ms`, ours.valid, `${ms(ours.p99)} ms`, ours.p99 < GOAL_P99_MS));
  if (!both) lines.push('', 'INVALID: at least one run had failed requests; its figures are not reported.');
  if (Math.max(ours.otherCores, bare.otherCores) > 0.1) {
    lines.push('', `WARNING: other processes used up to ${Math.max(ours.otherCores, bare.otherCores).toFixed(2)} cores of ${cpus.length} during the runs;`
      + ' the figures (the ratio especially) are skewed: rerun on a quiet machine.');
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  return both;
}

// ---------------------------------------------------------------- main

async function main(): Promise<number> {
  const o = parseOptions(process.argv.slice(2));
  const dataDir = benchTempDir('ci-bench-');
  const key: Key = {
    accessKeyId: `AKIA${randomBytes(8).toString('hex').toUpperCase()}`,
    secretAccessKey: randomBytes(30).toString('base64'),
  };

  process.stderr.write('starting cognito-import server ...\n');
  const profArgs = o.cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', o.cpuProfDir] : [];
  const ours = await spawnListening('cognito-import server', [...profArgs, BIN, 'serve', '--port', '0', '--data-dir', dataDir], {
    PATH: process.env.PATH, COGNITO_IMPORT_ACCESS_KEY_ID: key.accessKeyId, COGNITO_IMPORT_SECRET_ACCESS_KEY: key.secretAccessKey,
    ...(process.env.BENCH_SERVER_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_SERVER_NODE_OPTIONS } : {}),
  });

  const sdk = new CognitoIdentityProviderClient({
    endpoint: `http://127.0.0.1:${ours.port}`, region: REGION, maxAttempts: 1, credentials: key,
  });
  let poolId: string;
  let jobId: string;
  try {
    const pool = await sdk.send(new CreateUserPoolCommand({ PoolName: 'bench', AutoVerifiedAttributes: ['email'] }));
    poolId = pool.UserPool!.Id!;
    const job = await sdk.send(new CreateUserImportJobCommand({ UserPoolId: poolId, JobName: 'bench', CloudWatchLogsRoleArn: ROLE_ARN }));
    jobId = job.UserImportJob!.JobId!;
  } finally {
    sdk.destroy();
  }
  const body = JSON.stringify({ UserPoolId: poolId, JobId: jobId });

  process.stderr.write(`pool ${poolId}, job ${jobId}; signing and checking ${o.signed} requests ...\n`);
  // Signed once, checked one by one, then replayed by every connection: the oldest signature is
  // `signed` seconds old now, well inside the 15-minute window for the whole run (see parseOptions).
  const oursRequests = await signRequests(o.signed, ours.port, key, body);
  const sample = await verifyAll(ours.port, oursRequests, jobId);
  const requestId = String(sample.headers['x-amzn-requestid'] ?? '');

  process.stderr.write('starting bare node:http server ...\n');
  const bare = await spawnListening('bare server', ['-e', BARE_SERVER], {
    PATH: process.env.PATH, BARE_BODY: sample.body, BARE_REQUEST_ID: 'b'.repeat(requestId.length || 36),
  });
  // The baseline gets the very same bytes (Host aside), so both servers parse identical requests.
  const bareRequests = oursRequests.map((r) => ({ ...r, headers: { ...r.headers, Host: `127.0.0.1:${bare.port}` } }));
  const bareSample = await sendOnce(bare.port, bareRequests[0]);
  if (bareSample.status !== 200 || Buffer.byteLength(bareSample.body) !== Buffer.byteLength(sample.body)) {
    throw new Error(`bare server answered ${bareSample.status} with ${Buffer.byteLength(bareSample.body)} bytes`);
  }

  const busyBefore = await busyShare(1000);
  process.stderr.write(`load: cognito-import, ${o.connections} connections, ${o.warmup} s warm-up + ${o.duration} s ...\n`);
  const oursResult = await measure('cognito-import', ours, oursRequests, o);
  process.stderr.write(`load: bare node:http, ${o.connections} connections, ${o.warmup} s warm-up + ${o.duration} s ...\n`);
  const bareResult = await measure('bare node:http', bare, bareRequests, o);

  // Our server must still be up and answering correctly after the load.
  const after = await sendOnce(ours.port, (await signRequests(1, ours.port, key, body))[0]);
  if (after.status !== 200) {
    oursResult.valid = false;
    oursResult.problems.push(`after the run a signed request got HTTP ${after.status}`);
  }
  if (/"level":"error"/.test(ours.output())) {
    oursResult.valid = false;
    oursResult.problems.push('the server logged errors during the run');
  }
  const valid = report(o, oursResult, bareResult, Buffer.byteLength(sample.body), busyBefore);
  return valid ? 0 : 1;
}

runBench(main);
