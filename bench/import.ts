// bench/import: a 500,000-row (~100 MB) CSV imported through the API (create, upload, start,
// poll) against a server in its own process, next to the limit measured in the same run: the
// same file parsed and the same rows bulk-inserted into the same users table with one prepared
// statement in large transactions. Prints users/s, wall time, the server's peak RSS and the ratio.
//
//   node dist/bench/import.js [--rows 500000] [--keep]
import { spawn, type ChildProcess } from 'node:child_process';
import { createReadStream, mkdtempSync, readFileSync, rmSync, statSync, createWriteStream } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { openDatabase } from '../src/store/sqlite/driver';
import {
  CognitoIdentityProviderClient, CreateUserImportJobCommand, CreateUserPoolCommand, DescribeUserImportJobCommand, StartUserImportJobCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { migrate } from '../src/store/sqlite/sqliteStore';

const args = process.argv.slice(2);
const flag = (name: string, dflt: string): string => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : dflt; };
const ROWS = Number(flag('rows', '500000'));
const KEY = { accessKeyId: 'AKIABENCHIMPORTAAAAA', secretAccessKey: 'benchbenchbenchbenchbenchbenchbenchbench', accountId: '111111111111' };
const HEADER = ['name', 'given_name', 'family_name', 'middle_name', 'nickname', 'preferred_username', 'profile', 'picture', 'website',
  'email', 'email_verified', 'gender', 'birthdate', 'zoneinfo', 'locale', 'phone_number', 'phone_number_verified', 'address',
  'updated_at', 'cognito:mfa_enabled', 'cognito:username'];
const FIRST = ['José', 'Zoë', 'Łukasz', 'Søren', 'Amélie', 'Jürgen', 'Ngọc', 'Ærin', 'François', 'Björk'];
const LAST = ['Muñoz', 'Šimůnek', 'Ødegård', 'Dvořák', 'Nuñez', 'Ćosić', 'Gößling', 'Ibáñez'];

/** Every column filled, some `\,`, non-ASCII names: about 200 bytes a row. */
function row(i: number): string {
  const f = FIRST[i % FIRST.length];
  const l = LAST[i % LAST.length];
  return [`${f} ${l}`, f, l, 'A', `n${i}`, `p${i}`, `ex.co/p${i}`, `ex.co/i${i}`, 'ex.org', `u${i}@ex.co`, 'true',
    i % 2 ? 'f' : 'm', '02/28/1990', 'UTC', 'fr', `+3361${String(i).padStart(7, '0')}`, 'false', `${i} rue\\, Lyon`,
    '1700000000', 'false', `user${i}`].join(',');
}

async function writeCsv(file: string): Promise<void> {
  const out = createWriteStream(file);
  out.write(HEADER.join(',') + '\n');
  for (let i = 1; i <= ROWS; i += 1000) {
    const lines: string[] = [];
    for (let j = i; j < Math.min(i + 1000, ROWS + 1); j++) lines.push(row(j));
    if (!out.write(lines.join('\n') + '\n')) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r) => out.end(() => r()));
}

/** The limit: split lines and cells, insert each user with one prepared statement, 50,000 rows a transaction. */
async function limit(file: string, dbFile: string): Promise<number> {
  const db = openDatabase(dbFile);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  migrate(db);
  const insert = db.prepare(`INSERT INTO users (account_id, pool_id, username_key, username, sub, status, enabled, created_ms, modified_ms, attributes)
    VALUES (?, ?, ?, ?, ?, 'RESET_REQUIRED', 1, ?, ?, ?)`);
  const flush = db.transaction((rows: string[][]) => {
    const now = Date.now();
    for (const cells of rows) {
      const sub = randomUUID();
      const attrs: [string, string][] = [['sub', sub]];
      for (let c = 0; c < 19; c++) if (cells[c]) attrs.push([HEADER[c], cells[c]]);
      insert.run('111111111111', 'us-west-2_limit0000', cells[20], cells[20], sub, now, now, JSON.stringify(attrs));
    }
  });
  const t0 = process.hrtime.bigint();
  let carry = '';
  let header = true;
  let batch: string[][] = [];
  for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 256 * 1024 })) {
    const lines = (carry + chunk).split('\n');
    carry = lines.pop()!;
    for (const line of lines) {
      if (header) { header = false; continue; }
      batch.push(line.split(/(?<!\\),/).map((c) => c.replace(/\\,/g, ',').trim()));
      if (batch.length === 50_000) { flush(batch); batch = []; }
    }
  }
  if (batch.length) flush(batch);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  db.close();
  return seconds;
}

function startServer(dataDir: string): Promise<{ url: string; child: ChildProcess }> {
  return new Promise((resolve, reject) => {
    // BENCH_SERVER_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", profiles the server.
    const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
    // BENCH_SERVER_ARGS, e.g. "--batch-size 5000", tries server settings.
    const serverArgs = (process.env.BENCH_SERVER_ARGS ?? '').split(' ').filter(Boolean);
    const child = spawn(process.execPath, [...nodeArgs, join(__dirname, '..', '..', 'bin', 'cognito-import.js'), 'serve', '--port', '0', '--data-dir', dataDir, ...serverArgs], {
      env: { PATH: process.env.PATH, COGNITO_IMPORT_ACCESS_KEY_ID: KEY.accessKeyId, COGNITO_IMPORT_SECRET_ACCESS_KEY: KEY.secretAccessKey, COGNITO_IMPORT_ACCOUNT_ID: KEY.accountId },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve({ url: m[1], child });
    });
    child.once('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
}

/** The server's peak resident set (VmHWM), in MB. */
const peakRssMb = (pid: number): number => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

async function throughApi(file: string, dataDir: string): Promise<{ seconds: number; importSeconds: number; rssMb: number; job: Record<string, unknown> }> {
  const { url, child } = await startServer(dataDir);
  try {
    const sdk = new CognitoIdentityProviderClient({ endpoint: url, region: 'us-west-2', credentials: KEY, maxAttempts: 1 });
    const t0 = process.hrtime.bigint();
    const poolId = (await sdk.send(new CreateUserPoolCommand({ PoolName: 'bench', AutoVerifiedAttributes: ['email'] }))).UserPool!.Id!;
    const job = (await sdk.send(new CreateUserImportJobCommand({ UserPoolId: poolId, JobName: 'bench', CloudWatchLogsRoleArn: 'arn:aws:iam::111111111111:role/Bench' }))).UserImportJob!;
    const put = await fetch(job.PreSignedUrl!, {
      method: 'PUT', headers: { 'x-amz-server-side-encryption': 'aws:kms', 'content-length': String(statSync(file).size) },
      body: createReadStream(file) as unknown as ReadableStream, duplex: 'half',
    } as RequestInit);
    if (put.status !== 200) throw new Error(`upload answered ${put.status}: ${await put.text()}`);
    const uploadedAt = process.hrtime.bigint();
    await sdk.send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId }));
    for (;;) {
      const j = (await sdk.send(new DescribeUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId }))).UserImportJob!;
      if (!['Pending', 'InProgress'].includes(j.Status!)) {
        const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
        sdk.destroy();
        const importSeconds = Number(process.hrtime.bigint() - uploadedAt) / 1e9;
        return { seconds, importSeconds, rssMb: peakRssMb(child.pid!), job: { Status: j.Status, ImportedUsers: j.ImportedUsers, SkippedUsers: j.SkippedUsers, FailedUsers: j.FailedUsers, CompletionMessage: j.CompletionMessage } };
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    child.kill('SIGTERM');
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-import-'));
  try {
    const file = join(dir, 'users.csv');
    await writeCsv(file);
    const mb = statSync(file).size / 1e6;
    console.log(`# bench/import  ${new Date().toISOString()}  ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}`);
    console.log(`file: ${ROWS} rows, ${mb.toFixed(1)} MB`);
    const api = await throughApi(file, join(dir, 'server'));
    const lim = await limit(file, join(dir, 'limit.sqlite'));
    const usersPerS = ROWS / api.seconds;
    console.log(`job: ${JSON.stringify(api.job)}`);
    console.log(`through the API: ${api.seconds.toFixed(2)} s wall (create, upload, start, poll), ${Math.round(usersPerS)} users/s, server peak RSS ${api.rssMb.toFixed(0)} MB`);
    console.log(`  of which the upload ${(api.seconds - api.importSeconds).toFixed(2)} s, start to Succeeded ${api.importSeconds.toFixed(2)} s`);
    console.log(`limit (parse + bulk insert, one prepared statement): ${lim.toFixed(2)} s, ${Math.round(ROWS / lim)} users/s`);
    console.log(`ratio (limit time / API time): ${(lim / api.seconds).toFixed(2)}`);
    console.log(`goals: ratio >= 0.8 ${lim / api.seconds >= 0.8 ? 'PASS' : 'MISS'}; under 12 s ${api.seconds < 12 ? 'PASS' : 'MISS'}; RSS < 250 MB ${api.rssMb < 250 ? 'PASS' : 'MISS'}`);
    if (api.job.ImportedUsers !== ROWS) console.log(`INVALID RUN: imported ${String(api.job.ImportedUsers)} of ${ROWS}`);
  } finally {
    if (!args.includes('--keep')) rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) main().catch((e: unknown) => { console.error(e); process.exit(1); });
