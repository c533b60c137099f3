// ListUsers right after a big import on PostgreSQL (src/store/postgres/statistics.ts):
// a job that imported STATISTICS_MIN_ROWS users or more has VACUUM (ANALYZE) run on users before
// its final status is written, so the first Succeeded that DescribeUserImportJob shows comes with
// statistics that count the pool, and the pool walked in username order by the
// store's ListUsers statement; a smaller job leaves that to autovacuum. Autovacuum is turned off
// for the table, so what the test sees is the engine's doing. Runs when
// COGNITO_IMPORT_TEST_DATABASE_URL names a PostgreSQL server (scripts/pg-test-cluster.sh).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { cleanup, KEY_A, startTestServer, tempDir } from '../helpers/server';
import { writeUsersCsv } from '../helpers/csv';
import { describeJob, newPool, startJob, until, uploadedJob } from '../helpers/jobs';
import { TEST_DATABASE_URL } from '../helpers/postgres';
import { STATISTICS_MIN_ROWS } from '../../src/store/postgres/statistics';
import { pageQuery } from '../../src/store/postgres/userFilters';
import { TYPES } from '../../src/store/postgres/sql';

const skip = TEST_DATABASE_URL ? false : 'COGNITO_IMPORT_TEST_DATABASE_URL is not set';
const work = tempDir('ci-pg-statistics-');
after(() => cleanup(work));

interface TableState { last_analyze: Date | null; last_vacuum: Date | null }

test('a big import is vacuumed and analyzed before it shows Succeeded, and ListUsers then walks the pool by username', { skip }, async () => {
  const server = await startTestServer({ worker: { concurrency: 1, pollMs: 50 } });
  const db = new pg.Client({ connectionString: server.databaseUrl, types: TYPES });
  await db.connect();
  try {
    await db.query('ALTER TABLE users SET (autovacuum_enabled = false)');
    const state = async (): Promise<TableState> => (await db.query<TableState>(
      "SELECT last_analyze, last_vacuum FROM pg_stat_user_tables WHERE relname = 'users'")).rows[0];
    const sdk = server.client();
    // Polls until the job shows a final status, then reads the table at once.
    const imported = async (rows: number): Promise<{ poolId: string; table: TableState }> => {
      const file = join(work, `users-${rows}.csv`);
      writeUsersCsv(file, rows);
      const poolId = await newPool(sdk, `pool${rows}`);
      const { jobId } = await uploadedJob(sdk, poolId, readFileSync(file));
      await startJob(sdk, poolId, jobId);
      const job = await until(`job of ${rows} rows`, () => describeJob(sdk, poolId, jobId), (j) => j.Status !== 'Pending' && j.Status !== 'InProgress', 120_000);
      const table = await state();
      assert.deepEqual([job.Status, job.ImportedUsers], ['Succeeded', rows]);
      return { poolId, table };
    };

    const small = await imported(STATISTICS_MIN_ROWS - 1);
    assert.equal(small.table.last_analyze, null, 'a job under the threshold leaves the statistics to autovacuum');
    assert.equal(small.table.last_vacuum, null);

    const big = await imported(STATISTICS_MIN_ROWS);
    assert.ok(big.table.last_analyze, 'analyzed before Succeeded showed');
    assert.ok(big.table.last_vacuum, 'vacuumed before Succeeded showed');
    // Not asserted: the visibility map (relallvisible). VACUUM marks a page all-visible only when no
    // transaction of the database can still miss its rows, which tests running alongside decide.
    // Every user's email starts with "user": the page is the pool walked in username order, and
    // stops after the page's users; not the pool read whole and sorted.
    const q = await pageQuery(KEY_A.accountId, big.poolId, 60, undefined, { attribute: 'email', op: '^=', value: 'user' },
      async (c) => Number((await db.query<{ n: number }>(c.sql, c.values)).rows[0].n));
    const plan = (await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${q!.sql}`, q!.values)).rows.map((r) => r['QUERY PLAN']).join('\n');
    assert.match(plan, /Index Scan using users_by_name on users/, plan);
    assert.doesNotMatch(plan, /Sort|Bitmap|Seq Scan/, plan);
  } finally {
    await db.end();
    await server.close();
  }
});
