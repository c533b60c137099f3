// bench/listAfterImport (PostgreSQL): ListUsers with each filter right after an import of a big
// pool has Succeeded, as a user who imports and then lists at once meets it (docs/benchmarks.md,
// "PostgreSQL's plans need table statistics"): the server on a fresh database, the bench CSV
// imported through the API, then for each filter the p50/p99 of --requests calls and the plan
// PostgreSQL picks for the store's statement (EXPLAIN, on a connection of the bench's own), and
// what pg_stat_user_tables says about the users table's last analyze. Then VACUUM (ANALYZE) users (timed)
// and the same again, as the baseline of the same run.
//
//   node dist/bench/listAfterImport.js [--rows 500000] [--requests 20] [--database-url URL] [--no-autovacuum] [--plans]
//
// The database is --database-url's server, else COGNITO_IMPORT_TEST_DATABASE_URL's; the bench
// makes a fresh database there. --no-autovacuum turns autovacuum off for the users table before
// the import (the state of a pool listed before autovacuum's next round); --plans prints the plans.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { CognitoIdentityProviderClient, AdminGetUserCommand, ListUsersCommand } from '@aws-sdk/client-cognito-identity-provider';
import { importOnce, KEY, startServer, stopServer } from './import';
import { writeCsv } from './lib/csv';
import { freshDatabase } from './lib/postgres';
import { runBench } from './children';
import { pageQuery, type Query } from '../src/store/postgres/userFilters';
import { parseUserFilter } from '../src/domain/userFilter';
import { TYPES } from '../src/store/postgres/sql';

const { values: opt } = parseArgs({ options: { rows: { type: 'string', default: '500000' }, requests: { type: 'string', default: '20' },
  'database-url': { type: 'string' }, 'no-autovacuum': { type: 'boolean', default: false }, plans: { type: 'boolean', default: false } } });
const ROWS = Number(opt.rows), REQUESTS = Number(opt.requests);
const LIMIT = 60;

/** A filter for request i (from 0), on the bench CSV's users user1..userN. */
type Case = [title: string, filter: (i: number) => string | undefined];
const pick = (i: number): number => 1 + ((i * 104_729 + 7919) % ROWS);
function cases(sub: string): Case[] {
  return [
    ['no filter', () => undefined],
    ['username ^= (6 chars)', (i) => `username ^= "user${String(pick(i)).slice(0, 2)}"`],
    ['email = (one user)', (i) => `email = "u${pick(i)}@ex.co"`],
    ['email ^= (~11 users)', (i) => `email ^= "u${String(pick(i)).slice(0, 4)}"`],
    ['email ^= "u1" (1 in 9: the walk)', () => 'email ^= "u1"'],
    ['phone_number = (one user)', (i) => `phone_number = "+3361${String(pick(i)).padStart(7, '0')}"`],
    ['phone_number ^= (~100 users)', (i) => `phone_number ^= "+3361${String(pick(i)).padStart(7, '0').slice(0, 5)}"`],
    ['name = (1 in 40)', () => 'name = "Zoë Šimůnek"'],
    ['name ^= "José" (1 in 10: the walk)', () => 'name ^= "José"'],
    ['given_name = (1 in 10)', () => 'given_name = "Søren"'],
    ['family_name ^= "Ø" (1 in 8: the walk)', () => 'family_name ^= "Ø"'],
    ['preferred_username = (one user)', (i) => `preferred_username = "p${pick(i)}"`],
    ['preferred_username ^= (~11 users)', (i) => `preferred_username ^= "p${String(pick(i)).slice(0, 4)}"`],
    ['sub = (one user)', () => `sub = "${sub}"`],
    ['sub ^= (3 chars: ~120 users)', (i) => `sub ^= "${(i * 37 % 4096).toString(16).padStart(3, '0')}"`],
    ['cognito:user_status = "RESET_REQUIRED" (all)', () => 'cognito:user_status = "RESET_REQUIRED"'],
    ['cognito:user_status = "CONFIRMED" (none)', () => 'cognito:user_status = "CONFIRMED"'],
    ['cognito:user_status ^= "F" (none)', () => 'cognito:user_status ^= "F"'],
    ['status = "Enabled" (all)', () => 'status = "Enabled"'],
    ['status = "Disabled" (none)', () => 'status = "Disabled"'],
  ];
}

interface Row { title: string; p50: number; p99: number; max: number; plan: string }

/** The top lines of the plans of the statements the store sends for the filter (the count first, if any). */
async function plans(db: pg.Client, poolId: string, text: string | undefined): Promise<string[]> {
  const out: string[] = [];
  const explain = async (q: Query): Promise<pg.QueryResult> => {
    const r = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${q.sql}`, q.values);
    out.push(r.rows.map((x) => x['QUERY PLAN']).join('\n'));
    return db.query(q.sql, q.values);
  };
  const q = await pageQuery(KEY.accountId, poolId, LIMIT, undefined, parseUserFilter(text),
    async (c) => Number((await explain(c)).rows[0].n));
  if (q) await explain(q);
  return out;
}

/** A one-line summary of a plan: its scan nodes, in order. */
const scans = (plan: string): string => plan.split('\n').map((l) => /^\s*(?:->\s*)?(Seq Scan|Index Only Scan|Index Scan|Bitmap Heap Scan|Sort|Incremental Sort)(?: Backward)?(?: using (\w+))?/.exec(l))
  .filter((m) => m).map((m) => (m![2] ? `${m![1]} ${m![2].replace(/^users_/, '')}` : m![1])).filter((s) => !s.includes('pool_refs')).join(', ');

async function measure(sdk: CognitoIdentityProviderClient, db: pg.Client, poolId: string, list: Case[]): Promise<Row[]> {
  const rows: Row[] = [];
  for (const [title, filter] of list) {
    const times: number[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      const t = process.hrtime.bigint();
      await sdk.send(new ListUsersCommand({ UserPoolId: poolId, Limit: LIMIT, Filter: filter(i) }));
      times.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    times.sort((a, b) => a - b);
    const at = (q: number): number => times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)];
    const p = await plans(db, poolId, filter(0));
    rows.push({ title, p50: at(0.5), p99: at(0.99), max: times[times.length - 1], plan: p.join('\n--\n') });
    process.stderr.write(`  ${title}: p50 ${at(0.5).toFixed(1)} ms, p99 ${at(0.99).toFixed(1)} ms; ${p.map(scans).join(' | ')}\n`);
  }
  return rows;
}

async function tableState(db: pg.Client): Promise<string> {
  const r = await db.query<{ n_live_tup: string; n_mod_since_analyze: string; last_analyze: Date | null; last_autoanalyze: Date | null; reltuples: number;
    last_vacuum: Date | null; relallvisible: number; relpages: number }>(
    `SELECT s.n_live_tup, s.n_mod_since_analyze, s.last_analyze, s.last_autoanalyze, c.reltuples, s.last_vacuum, c.relallvisible, c.relpages
       FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid WHERE s.relname = 'users'`);
  const x = r.rows[0];
  return `users: reltuples ${x.reltuples}, n_live_tup ${x.n_live_tup}, n_mod_since_analyze ${x.n_mod_since_analyze}, `
    + `last_analyze ${x.last_analyze?.toISOString() ?? 'never'}, last_autoanalyze ${x.last_autoanalyze?.toISOString() ?? 'never'}, `
    + `last_vacuum ${x.last_vacuum?.toISOString() ?? 'never'}, all-visible pages ${x.relallvisible} of ${x.relpages}`;
}

function report(label: string, rows: Row[]): void {
  console.log(`\n${label}`);
  console.log(`${'case'.padEnd(46)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)}  plan (scans)`);
  for (const r of rows) console.log(`${r.title.padEnd(46)} ${r.p50.toFixed(1).padStart(8)} ${r.p99.toFixed(1).padStart(8)}  ${r.plan.split('\n--\n').map(scans).join(' | ')}`);
  if (opt.plans) for (const r of rows) console.log(`\n## ${r.title}\n${r.plan}`);
}

async function main(): Promise<number> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const serverUrl = opt['database-url'] ?? process.env.COGNITO_IMPORT_TEST_DATABASE_URL;
  if (!serverUrl) throw new Error('--database-url or COGNITO_IMPORT_TEST_DATABASE_URL: a PostgreSQL server to make a fresh database on');
  const dir = mkdtempSync(join(tmpdir(), 'bench-list-after-import-'));
  const dbUrl = await freshDatabase(serverUrl, 'bench_list_after_import');
  const db = new pg.Client({ connectionString: dbUrl, types: TYPES });
  const server = await startServer(join(dir, 'server'), ['--database-url', dbUrl]);
  await db.connect();
  try {
    const file = join(dir, 'users.csv');
    await writeCsv(file, ROWS);
    console.log(`# bench/listAfterImport  ${new Date().toISOString()}  ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}`);
    console.log(`file: ${ROWS} rows, ${(statSync(file).size / 1e6).toFixed(1)} MB; ${REQUESTS} ListUsers a case (Limit ${LIMIT}), one at a time`);
    if (opt['no-autovacuum']) await db.query('ALTER TABLE users SET (autovacuum_enabled = false)');
    const run = await importOnce(server.url, KEY, file);
    if (run.job.Status !== 'Succeeded' || run.job.ImportedUsers !== ROWS) throw new Error(`import: ${JSON.stringify(run.job)}`);
    console.log(`import: start to Succeeded ${run.importSeconds.toFixed(1)} s; autovacuum ${opt['no-autovacuum'] ? 'off for users' : 'on'}`);
    console.log(`at Succeeded: ${await tableState(db)}`);
    const sdk = new CognitoIdentityProviderClient({ endpoint: server.url, region: 'us-west-2', credentials: KEY, maxAttempts: 1 });
    const sub = (await sdk.send(new AdminGetUserCommand({ UserPoolId: run.poolId, Username: `user${pick(3)}` }))).UserAttributes!.find((a) => a.Name === 'sub')!.Value!;
    const list = cases(sub);
    report('right after the import', await measure(sdk, db, run.poolId, list));
    console.log(`then: ${await tableState(db)}`);
    const t = process.hrtime.bigint();
    await db.query('VACUUM (ANALYZE) users');
    console.log(`\nVACUUM (ANALYZE) users: ${(Number(process.hrtime.bigint() - t) / 1e6).toFixed(0)} ms`);
    report('after VACUUM (ANALYZE) users', await measure(sdk, db, run.poolId, list));
    sdk.destroy();
  } finally {
    await db.end();
    await stopServer(server);
    rmSync(dir, { recursive: true, force: true });
  }
  return 0;
}

runBench(main);
