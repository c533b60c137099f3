// bench/import: a 500,000-row (~100 MB) CSV imported through the API (create, upload, start,
// poll) against a server in its own process, next to the limit measured in the same run: the
// same file parsed and the same rows bulk-inserted into the same users table by the backend's
// fastest plain means (bench/importLimits.ts). Prints users/s, wall time, the server's peak RSS
// and the ratio.
//
//   node dist/bench/import.js [--rows 500000] [--keep] [--backend sqlite|postgres] [--database-url URL]
//
// --backend postgres runs the server on PostgreSQL (the limit is then COPY), and then two servers
// on one database importing one job each for two accounts at once. The database is
// --database-url, else COGNITO_IMPORT_TEST_DATABASE_URL, else a throwaway cluster this bench
// starts with scripts/pg-test-cluster.sh (fsync and synchronous_commit off, as for the tests).
// Each measurement gets a fresh database on that server.
import { createReadStream, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { postgresLimit, sqliteLimit } from './importLimits';
import { writeCsv } from './lib/csv';
import { freshDatabase } from './lib/postgres';
import { runBench, spawnListening, stopChild, type Child } from './children';
import {
  CognitoIdentityProviderClient, CreateUserImportJobCommand, CreateUserPoolCommand, DescribeUserImportJobCommand, StartUserImportJobCommand,
} from '@aws-sdk/client-cognito-identity-provider';

const args = process.argv.slice(2);
const flag = (name: string, dflt: string): string => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : dflt; };
const ROWS = Number(flag('rows', '500000'));
const BACKEND = flag('backend', 'sqlite');
if (BACKEND !== 'sqlite' && BACKEND !== 'postgres') throw new Error(`--backend must be sqlite or postgres, not '${BACKEND}'`);
export const KEY = { accessKeyId: 'AKIABENCHIMPORTAAAAA', secretAccessKey: 'benchbenchbenchbenchbenchbenchbenchbench', accountId: '111111111111' };
/** The second account, for two jobs at once. */
const KEY_B = { accessKeyId: 'AKIABENCHIMPORTBBBBB', secretAccessKey: 'benchbenchbenchbenchbenchbenchbenchbenchB', accountId: '222222222222' };
interface Server extends Child {
  url: string;
}

/** `cognito-import serve` in its own process; extraArgs choose the backend. */
export async function startServer(dataDir: string, extraArgs: string[] = [], env: Record<string, string> = {}): Promise<Server> {
  // BENCH_SERVER_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", profiles the server.
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  // BENCH_SERVER_ARGS, e.g. "--batch-size 5000", tries server settings.
  const serverArgs = (process.env.BENCH_SERVER_ARGS ?? '').split(' ').filter(Boolean);
  const server = await spawnListening('server', [...nodeArgs, join(__dirname, '..', '..', 'bin', 'cognito-import.js'), 'serve', '--port', '0', '--data-dir', dataDir, ...extraArgs, ...serverArgs], {
    PATH: process.env.PATH, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    COGNITO_IMPORT_ACCESS_KEY_ID: KEY.accessKeyId, COGNITO_IMPORT_SECRET_ACCESS_KEY: KEY.secretAccessKey, COGNITO_IMPORT_ACCOUNT_ID: KEY.accountId, ...env,
  });
  return { ...server, url: `http://127.0.0.1:${server.port}` };
}

export const stopServer = (s: Server): Promise<void> => stopChild(s.child);

/** The server's peak resident set (VmHWM), in MB. */
const peakRssMb = (pid: number): number => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

export interface JobRun {
  /** The pool the job filled. */
  poolId: string;
  /** From CreateUserPool to a final status. */
  seconds: number;
  /** From StartUserImportJob to a final status. */
  importSeconds: number;
  job: { Status?: string; ImportedUsers?: number; SkippedUsers?: number; FailedUsers?: number; CompletionMessage?: string };
}

/** Create a pool and a job, upload, start and poll to the end, as a user would. */
export async function importOnce(url: string, key: typeof KEY, file: string): Promise<JobRun> {
  const sdk = new CognitoIdentityProviderClient({ endpoint: url, region: 'us-west-2', credentials: key, maxAttempts: 1 });
  try {
    const t0 = process.hrtime.bigint();
    const poolId = (await sdk.send(new CreateUserPoolCommand({ PoolName: 'bench', AutoVerifiedAttributes: ['email'] }))).UserPool!.Id!;
    const job = (await sdk.send(new CreateUserImportJobCommand({ UserPoolId: poolId, JobName: 'bench', CloudWatchLogsRoleArn: `arn:aws:iam::${key.accountId}:role/Bench` }))).UserImportJob!;
    const put = await fetch(job.PreSignedUrl!, {
      method: 'PUT', headers: { 'x-amz-server-side-encryption': 'aws:kms', 'content-length': String(statSync(file).size) },
      body: createReadStream(file) as unknown as ReadableStream, duplex: 'half',
    } as RequestInit);
    if (put.status !== 200) throw new Error(`upload answered ${put.status}: ${await put.text()}`);
    const startedAt = process.hrtime.bigint();
    await sdk.send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId }));
    for (;;) {
      const j = (await sdk.send(new DescribeUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId }))).UserImportJob!;
      if (!['Pending', 'InProgress'].includes(j.Status!)) {
        const end = process.hrtime.bigint();
        return {
          poolId, seconds: Number(end - t0) / 1e9, importSeconds: Number(end - startedAt) / 1e9,
          job: { Status: j.Status, ImportedUsers: j.ImportedUsers, SkippedUsers: j.SkippedUsers, FailedUsers: j.FailedUsers, CompletionMessage: j.CompletionMessage },
        };
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    sdk.destroy();
  }
}

async function throughApi(file: string, dataDir: string, backendArgs: string[]): Promise<JobRun & { rssMb: number }> {
  const server = await startServer(dataDir, backendArgs);
  try {
    const run = await importOnce(server.url, KEY, file);
    return { ...run, rssMb: peakRssMb(server.child.pid!) };
  } finally {
    await stopServer(server);
  }
}

/** Two servers on one database and one data dir, each importing the file for its own account, at once. */
async function twoInstances(file: string, dataDir: string, databaseUrl: string): Promise<{ seconds: number; runs: JobRun[] }> {
  const credentials = join(dataDir, '..', 'bench-credentials.json');
  writeFileSync(credentials, JSON.stringify({ keys: [KEY, KEY_B] }));
  const args = ['--database-url', databaseUrl, '--credentials', credentials];
  const servers = await Promise.all([startServer(dataDir, args), startServer(dataDir, args)]);
  try {
    const t0 = process.hrtime.bigint();
    const runs = await Promise.all([importOnce(servers[0].url, KEY, file), importOnce(servers[1].url, KEY_B, file)]);
    return { seconds: Number(process.hrtime.bigint() - t0) / 1e9, runs };
  } finally {
    await Promise.all(servers.map(stopServer));
  }
}

// ---------------------------------------------------------------- PostgreSQL

interface PgServer {
  url: string;
  stop(): void;
}

/** --database-url, COGNITO_IMPORT_TEST_DATABASE_URL, or a throwaway cluster of our own. */
function postgresServer(): PgServer {
  const given = args.includes('--database-url') ? flag('database-url', '') : process.env.COGNITO_IMPORT_TEST_DATABASE_URL;
  if (given) return { url: given, stop: () => {} };
  const script = join(__dirname, '..', '..', 'scripts', 'pg-test-cluster.sh');
  const exports = execFileSync('bash', [script, 'start'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const url = /COGNITO_IMPORT_TEST_DATABASE_URL=(\S+)/.exec(exports)?.[1];
  const dir = /COGNITO_IMPORT_PG_TEST_DIR=(\S+)/.exec(exports)?.[1];
  if (!url || !dir) throw new Error(`pg-test-cluster.sh printed no URL:\n${exports}`);
  return { url, stop: () => execFileSync('bash', [script, 'stop', dir], { stdio: 'inherit' }) };
}

// ---------------------------------------------------------------- report

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

function checkRun(label: string, run: JobRun): boolean {
  const ok = run.job.Status === 'Succeeded' && run.job.ImportedUsers === ROWS;
  if (!ok) console.log(`INVALID RUN (${label}): ${JSON.stringify(run.job)}, expected ${ROWS} users imported`);
  return ok;
}

async function main(): Promise<void> {
  // This bench's own SDK clients run on Node 20 too: the figures, not the SDK's notice, are the output.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const dir = mkdtempSync(join(tmpdir(), 'bench-import-'));
  const pgServer = BACKEND === 'postgres' ? postgresServer() : undefined;
  try {
    const file = join(dir, 'users.csv');
    await writeCsv(file, ROWS);
    const mb = statSync(file).size / 1e6;
    console.log(`# bench/import  ${new Date().toISOString()}  ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}, backend ${BACKEND}`);
    console.log(`file: ${ROWS} rows, ${mb.toFixed(1)} MB`);
    let backendArgs: string[] = [];
    if (pgServer) backendArgs = ['--database-url', await freshDatabase(pgServer.url, 'bench_import_api')];
    const api = await throughApi(file, join(dir, 'server'), backendArgs);
    const lim = pgServer
      ? await postgresLimit(file, await freshDatabase(pgServer.url, 'bench_import_limit'))
      : await sqliteLimit(file, join(dir, 'limit.sqlite'));
    const limitName = pgServer ? 'COPY FROM STDIN of the parsed rows' : 'one prepared statement';
    console.log(`job: ${JSON.stringify(api.job)}`);
    console.log(`through the API: ${api.seconds.toFixed(2)} s wall (create, upload, start, poll), ${fmt(ROWS / api.seconds)} users/s, server peak RSS ${api.rssMb.toFixed(0)} MB`);
    console.log(`  of which the upload ${(api.seconds - api.importSeconds).toFixed(2)} s, start to Succeeded ${api.importSeconds.toFixed(2)} s`);
    console.log(`limit (parse + bulk insert, ${limitName}): ${lim.toFixed(2)} s, ${fmt(ROWS / lim)} users/s`);
    const ratio = lim / api.seconds;
    console.log(`ratio (limit time / API time): ${ratio.toFixed(2)}`);
    const valid = checkRun('one job', api);
    if (pgServer) {
      const two = await twoInstances(file, join(dir, 'cluster'), await freshDatabase(pgServer.url, 'bench_import_two'));
      const twoValid = two.runs.every((r, i) => checkRun(`two instances, job ${i + 1}`, r));
      console.log(`two instances, two accounts, one ${ROWS}-row job each at once: ${two.seconds.toFixed(2)} s wall, ${fmt((2 * ROWS) / two.seconds)} users/s in all`
        + ` (jobs ${two.runs.map((r) => `${r.importSeconds.toFixed(2)} s`).join(' and ')} from start to Succeeded)${twoValid ? '' : ' INVALID'}`);
      console.log(`goals (issue 12): ratio >= 0.75 ${ratio >= 0.75 ? 'PASS' : 'MISS'}`);
    } else {
      // The goals of docs/benchmarks.md; the older "under 12 s" predates the filter indexes, which cost the limit itself ~2.8x.
      console.log(`goals (issue 12): ratio >= 0.9 ${ratio >= 0.9 ? 'PASS' : 'MISS'}; RSS < 250 MB ${api.rssMb < 250 ? 'PASS' : 'MISS'}`);
    }
    if (!valid) process.exitCode = 1;
  } finally {
    pgServer?.stop();
    if (!args.includes('--keep')) rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) runBench(async () => { await main(); return Number(process.exitCode ?? 0); });
