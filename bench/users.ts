// ListUsers filters and AdminGetUser on a large pool, through the real server (bin/cognito-import.js
// serve, SQLite or PostgreSQL) with SigV4-signed requests, one at a time: p50/p99 and requests a second for each
// filter attribute with `=` and `^=`, a page further on through a filtered result, and, as the
// baseline of the same run, the unfiltered first page and AdminGetUser.
//
//   node dist/bench/users.js [--users 500000] [--requests 200] [--backend sqlite|postgres] [--database-url URL]
//
// The pool is made through the API, then filled straight through the store (UserStore.createUsers,
// the import engine's write, in batches of 5,000) while the server is stopped (SQLite: one process
// owns the file), then the server is started again on it; on PostgreSQL after VACUUM (ANALYZE) users,
// as the engine leaves a big import (postgres/statistics.ts). PostgreSQL: --database-url names an
// empty database (else COGNITO_IMPORT_TEST_DATABASE_URL), which the bench fills and leaves as is. Every request asks for a user or prefix
// drawn at random, so the pages come from all over the pool.
import { randomBytes, randomUUID } from 'node:crypto';
import { request as httpRequest, Agent } from 'node:http';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { SignatureV4 } from '@smithy/signature-v4';
import { HttpRequest } from '@smithy/protocol-http';
import { Hash } from '@smithy/hash-node';
import { benchTempDir, runBench, spawnListening, stopChild, type Child } from './children';
import { openSqliteStore } from '../src/store/sqlite/sqliteStore';
import { openPostgresStore } from '../src/store/postgres/pgStore';
import type { Store } from '../src/store/ports';
import { SQLITE_FILE } from '../src/dataDir';
import type { UserDraft, UserStatus } from '../src/domain/user';

const REPO = join(__dirname, '..', '..');
const BIN = join(REPO, 'bin', 'cognito-import.js');
const REGION = 'us-east-1';
const GIVEN = ['Ana', 'Bo', 'Carla', 'Dmitri', 'Emma', 'Farid', 'Grace', 'Hiro', 'Ines', 'José', 'Kai', 'Lena', 'Mateo', 'Nia', 'Omar', 'Priya', 'Quinn', 'Rosa', 'Sven', 'Tomás'];
const FAMILY = Array.from({ length: 997 }, (_, i) => `Fam${(i * 7919) % 997}son`);

interface Key { accessKeyId: string; secretAccessKey: string }
interface Options { users: number; requests: number; databaseUrl?: string }
const ACCOUNT = '111111111111';

function parseOptions(): Options {
  const { values } = parseArgs({ options: { users: { type: 'string', default: '500000' }, requests: { type: 'string', default: '200' },
    backend: { type: 'string', default: 'sqlite' }, 'database-url': { type: 'string' } } });
  const users = Number(values.users), requests = Number(values.requests);
  if (!Number.isSafeInteger(users) || users < 100) throw new Error('--users must be an integer >= 100');
  if (!Number.isSafeInteger(requests) || requests < 10) throw new Error('--requests must be an integer >= 10');
  if (values.backend !== 'sqlite' && values.backend !== 'postgres') throw new Error('--backend must be sqlite or postgres');
  const databaseUrl = values.backend === 'postgres' ? values['database-url'] ?? process.env.COGNITO_IMPORT_TEST_DATABASE_URL : undefined;
  if (values.backend === 'postgres' && !databaseUrl) throw new Error('--backend postgres needs --database-url (an empty database)');
  return { users, requests, databaseUrl };
}

/** User i of the pool, the same on every run. */
function userAt(i: number): UserDraft {
  const username = `user${String((i * 2_654_435_761) % 1_000_000_007).padStart(10, '0')}`;
  const given = GIVEN[i % GIVEN.length], family = FAMILY[(i * 31) % FAMILY.length];
  const attributes: [string, string][] = [
    ['email', `${username}@example.com`], ['phone_number', `+1${String(2_000_000_000 + i * 7)}`],
    ['name', `${given} ${family}`], ['given_name', given], ['family_name', family],
  ];
  if (i % 3 === 0) attributes.push(['preferred_username', `pref${i}`]);
  const status: UserStatus = i % 10 === 0 ? 'CONFIRMED' : i % 1000 === 1 ? 'FORCE_CHANGE_PASSWORD' : 'RESET_REQUIRED';
  return { username, usernameKey: username, attributes, aliases: [], status };
}

async function fill(dataDir: string, o: Options, poolId: string): Promise<{ subs: string[]; seconds: number }> {
  const n = o.users;
  const store: Store = o.databaseUrl ? await openPostgresStore(o.databaseUrl) : openSqliteStore(join(dataDir, SQLITE_FILE));
  const started = process.hrtime.bigint();
  const subs: string[] = [];
  try {
    for (let from = 0; from < n; from += 5000) {
      const drafts = Array.from({ length: Math.min(5000, n - from) }, (_, k) => userAt(from + k));
      await store.users.createUsers(ACCOUNT, poolId, drafts, Date.now(), () => { const s = randomUUID(); subs.push(s); return s; });
      if (from % 100_000 === 0) process.stderr.write(`  ${from} users ...\n`);
    }
  } finally {
    await store.close();
  }
  return { subs, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

/** VACUUM (ANALYZE) users on the database, in ms. */
async function vacuumAnalyze(url: string): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const t = process.hrtime.bigint();
    await c.query('VACUUM (ANALYZE) users');
    return Number(process.hrtime.bigint() - t) / 1e6;
  } finally {
    await c.end();
  }
}

class Client {
  private readonly signer: SignatureV4;
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 1 });
  constructor(private readonly port: number, key: Key) {
    this.signer = new SignatureV4({ credentials: key, region: REGION, service: 'cognito-idp', sha256: Hash.bind(null, 'sha256'), applyChecksum: false });
  }
  /** Signs, then times only the exchange: ms and the parsed answer. */
  async call(op: string, input: unknown): Promise<{ ms: number; json: Record<string, unknown> }> {
    const body = JSON.stringify(input);
    const signed = await this.signer.sign(new HttpRequest({
      method: 'POST', protocol: 'http:', hostname: '127.0.0.1', port: this.port, path: '/', body,
      headers: { 'content-type': 'application/x-amz-json-1.1', host: `127.0.0.1:${this.port}`, 'x-amz-target': `AWSCognitoIdentityProviderService.${op}` },
    }));
    const t = process.hrtime.bigint();
    const { status, text } = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port: this.port, method: 'POST', path: '/', headers: signed.headers as Record<string, string>, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    if (status !== 200) throw new Error(`${op} ${body}: HTTP ${status} ${text}`);
    return { ms, json: JSON.parse(text) as Record<string, unknown> };
  }
  close(): void { this.agent.destroy(); }
}

interface Row { title: string; p50: number; p99: number; perSecond: number; users: number }

async function measure(title: string, n: number, one: (i: number) => Promise<{ ms: number; users: number }>): Promise<Row> {
  for (let i = 0; i < 5; i++) await one(n + i); // warm-up
  const times: number[] = [];
  let users = 0;
  for (let i = 0; i < n; i++) {
    const r = await one(i);
    times.push(r.ms);
    users += r.users;
  }
  times.sort((a, b) => a - b);
  const pick = (q: number): number => times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)];
  const total = times.reduce((a, b) => a + b, 0);
  return { title, p50: pick(0.5), p99: pick(0.99), perSecond: (n * 1000) / total, users: users / n };
}

async function main(): Promise<number> {
  const o = parseOptions();
  const dataDir = benchTempDir('ci-bench-users-');
  const key: Key = { accessKeyId: `AKIA${randomBytes(8).toString('hex').toUpperCase()}`, secretAccessKey: randomBytes(30).toString('base64') };
  const env = { PATH: process.env.PATH, COGNITO_IMPORT_ACCESS_KEY_ID: key.accessKeyId, COGNITO_IMPORT_SECRET_ACCESS_KEY: key.secretAccessKey, COGNITO_IMPORT_ACCOUNT_ID: ACCOUNT };
  const serve = (): Promise<Child> => spawnListening('cognito-import server',
    [BIN, 'serve', '--port', '0', '--data-dir', dataDir, ...(o.databaseUrl ? ['--database-url', o.databaseUrl] : [])], env);

  let server = await serve();
  let client = new Client(server.port, key);
  const poolId = String(((await client.call('CreateUserPool', { PoolName: 'bench-users' })).json.UserPool as { Id: string }).Id);
  client.close();
  await stopChild(server.child);
  process.stderr.write(`filling ${o.users} users ...\n`);
  const filled = await fill(dataDir, o, poolId);
  // What the engine does before a job of 10,000 users or more shows Succeeded (postgres/statistics.ts).
  if (o.databaseUrl) process.stderr.write(`VACUUM (ANALYZE) users: ${(await vacuumAnalyze(o.databaseUrl)).toFixed(0)} ms\n`);
  server = await serve();
  client = new Client(server.port, key);

  const rnd = (i: number): number => (i * 104_729 + 7) % o.users;
  const list = async (input: Record<string, unknown>): Promise<{ ms: number; users: number }> => {
    const r = await client.call('ListUsers', { UserPoolId: poolId, ...input });
    return { ms: r.ms, users: (r.json.Users as unknown[]).length };
  };
  const filter = (attr: string, op: string, v: (u: UserDraft, i: number) => string) =>
    (i: number) => list({ Filter: `${attr} ${op} ${JSON.stringify(v(userAt(rnd(i)), rnd(i)))}` });
  const attr = (u: UserDraft, name: string): string => u.attributes.find(([n]) => n === name)?.[1] ?? '';
  const cases: [string, (i: number) => Promise<{ ms: number; users: number }>][] = [
    ['baseline: ListUsers, no filter, first page', () => list({})],
    ['baseline: AdminGetUser', async (i) => ({ ms: (await client.call('AdminGetUser', { UserPoolId: poolId, Username: userAt(rnd(i)).username })).ms, users: 1 })],
    ['username = (one user)', filter('username', '=', (u) => u.username)],
    ['username ^= (8 chars: ~1 in 1,000)', filter('username', '^=', (u) => u.username.slice(0, 8))],
    ['email = (one user)', filter('email', '=', (u) => attr(u, 'email'))],
    ['email ^= (9 chars: ~1 in 10,000)', filter('email', '^=', (u) => attr(u, 'email').slice(0, 9))],
    ['email ^= "user" (every user)', () => list({ Filter: 'email ^= "user"' })],
    ['phone_number = (one user)', filter('phone_number', '=', (u) => attr(u, 'phone_number'))],
    ['phone_number ^= (8 chars)', filter('phone_number', '^=', (u) => attr(u, 'phone_number').slice(0, 8))],
    ['name = (~1 in 1,000)', filter('name', '=', (u) => attr(u, 'name'))],
    ['name ^= (first name: 1 in 20)', filter('name', '^=', (u) => attr(u, 'given_name'))],
    ['given_name = (1 in 20)', filter('given_name', '=', (u) => attr(u, 'given_name'))],
    ['given_name ^= (2 chars)', filter('given_name', '^=', (u) => attr(u, 'given_name').slice(0, 2))],
    ['family_name = (~1 in 1,000)', filter('family_name', '=', (u) => attr(u, 'family_name'))],
    ['family_name ^= (5 chars: ~1 in 100)', filter('family_name', '^=', (u) => attr(u, 'family_name').slice(0, 5))],
    ['preferred_username = (one user)', filter('preferred_username', '=', (_u, i) => `pref${i - (i % 3)}`)],
    ['preferred_username ^= "pref1" (~1 in 30)', () => list({ Filter: 'preferred_username ^= "pref1"' })],
    ['cognito:user_status = "CONFIRMED" (1 in 10)', () => list({ Filter: 'cognito:user_status = "CONFIRMED"' })],
    ['cognito:user_status = "FORCE_CHANGE_PASSWORD" (1 in 1,000)', () => list({ Filter: 'cognito:user_status = "FORCE_CHANGE_PASSWORD"' })],
    ['cognito:user_status ^= "F" (1 in 1,000)', () => list({ Filter: 'cognito:user_status ^= "F"' })],
    ['status = "Enabled" (every user)', () => list({ Filter: 'status = "Enabled"' })],
    ['status = "Disabled" (none)', () => list({ Filter: 'status = "Disabled"' })],
    ['sub = (one user)', (i) => list({ Filter: `sub = "${filled.subs[rnd(i)]}"` })],
    ['sub ^= (4 chars: 1 in 65,536)', (i) => list({ Filter: `sub ^= "${filled.subs[rnd(i)].slice(0, 4)}"` })],
    ['sub ^= (1 char: 1 in 16)', (i) => list({ Filter: `sub ^= "${filled.subs[rnd(i)].slice(0, 1)}"` })],
  ];
  // Pagination: the 5th page of a filtered result, each request from the 4th page's token.
  const tokens: string[] = [];
  for (const f of ['given_name = "Ana"', 'family_name ^= "Fam1"', 'email ^= "user01"']) {
    let token: string | undefined;
    for (let p = 0; p < 4; p++) token = (await client.call('ListUsers', { UserPoolId: poolId, Filter: f, PaginationToken: token })).json.PaginationToken as string;
    if (!token) throw new Error(`${f}: fewer than 5 pages`);
    tokens.push(`${f}\n${token}`);
  }
  for (const t of tokens) {
    const [f, token] = t.split('\n');
    cases.push([`page 5 of ${f}`, () => list({ Filter: f, PaginationToken: token })]);
  }
  const rows: Row[] = [];
  for (const [title, one] of cases) {
    process.stderr.write(`  ${title} ...\n`);
    rows.push(await measure(title, o.requests, one));
  }
  client.close();
  const pad = (s: string, n: number): string => s.padEnd(n);
  const lines = [
    `# bench/users  ${new Date().toISOString()}  ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}, backend ${o.databaseUrl ? 'postgres' : 'sqlite'}`,
    `pool: ${o.users} users, filled through the store in ${filled.seconds.toFixed(1)} s (${Math.round(o.users / filled.seconds)} users/s); ${o.requests} requests a case, one at a time`,
    `${pad('case', 58)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'req/s'.padStart(8)} ${'users'.padStart(6)}`,
    ...rows.map((r) => `${pad(r.title, 58)} ${r.p50.toFixed(2).padStart(8)} ${r.p99.toFixed(2).padStart(8)} ${r.perSecond.toFixed(0).padStart(8)} ${r.users.toFixed(1).padStart(6)}`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  // Last, the pool's deletion, which removes its users (SQLite: a chunk a transaction, a turn between).
  const t = process.hrtime.bigint();
  const deletion = new Client(server.port, key);
  const answer = await deletion.call('DeleteUserPool', { UserPoolId: poolId }).then(() => 'answered', (e: Error) => `failed: ${e.message}`);
  deletion.close();
  process.stdout.write(`DeleteUserPool of the ${o.users}-user pool: ${answer} after ${(Number(process.hrtime.bigint() - t) / 1e9).toFixed(2)} s\n`);
  return 0;
}

runBench(main);
