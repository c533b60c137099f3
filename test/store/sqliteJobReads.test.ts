// A job row read through the server's SQLite connection is what is committed: after a write by
// the import engine's own connection (src/worker/engine.ts), and after a rollback of a write
// read inside its transaction. The server once remembered job rows while its connection's
// total_changes() stayed the same (gone, src/store/sqlite/jobs.ts); both tests failed against
// that memory in its last form without the checks it needed, and guard any cache added again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite/sqliteStore';
import { newPoolSettings } from '../../src/domain/userPool';
import { cleanup, tempDir } from '../helpers/server';

const scope = { accountId: '111111111111', region: 'us-west-2' };
const poolId = 'us-west-2_memory001';
const jobId = 'import-memory0001';

/** A pool with one Created job, and how to read that job's status through findJobInPool. */
async function seed(store: SqliteStore): Promise<() => Promise<string>> {
  await store.pools.insertPool({ ...scope, id: poolId, name: 'p', createdMs: 1, modifiedMs: 1, settings: newPoolSettings({ PoolName: 'p' }) });
  await store.jobs.insertJob({ accountId: scope.accountId, poolId, jobId, jobName: 'j', status: 'Created', roleArn: 'arn:aws:iam::111111111111:role/R',
    preSignedUrl: 'http://x/u', createdMs: 1, imported: 0, skipped: 0, failed: 0 }, 10);
  return async () => {
    const j = await store.jobs.findJobInPool(scope, poolId, jobId);
    assert.ok(j && j !== 'no-pool');
    return j.status;
  };
}

test('a job written through the engine\'s connection is read afresh through the server\'s', async () => {
  const dir = tempDir('ci-memory-');
  const file = join(dir, 'db.sqlite');
  const store = openSqliteStore(file);
  const engine = openSqliteStore(file, { role: 'engine' });
  try {
    const status = await seed(store);
    assert.equal(await status(), 'Created');
    assert.equal(await status(), 'Created'); // remembered now
    engine.database.prepare("UPDATE import_jobs SET status = 'Failed' WHERE job_id = ?").run(jobId);
    assert.equal(await status(), 'Failed');
  } finally {
    await engine.close();
    await store.close();
    cleanup(dir);
  }
});

test('a job read inside a transaction that rolls back is not remembered', async () => {
  const dir = tempDir('ci-memory-');
  const store = openSqliteStore(join(dir, 'db.sqlite'));
  try {
    const status = await seed(store);
    assert.equal(await status(), 'Created');
    const db = store.database;
    let inside: Promise<string> | undefined;
    assert.throws(() => db.transaction(() => {
      db.prepare("UPDATE import_jobs SET status = 'Failed' WHERE job_id = ?").run(jobId);
      inside = status(); // runs its read now, inside the transaction
      throw new Error('roll back');
    })(), /roll back/);
    assert.equal(await inside, 'Failed', 'the read inside saw the transaction\'s own write');
    assert.equal(await status(), 'Created', 'after the rollback the committed row is read');
  } finally {
    await store.close();
    cleanup(dir);
  }
});
