// A write on the SQLite file while another connection holds the write lock (the import's batch
// writer, mid-group) waits between turns of the event loop, not in busy_timeout's sleep: the
// server goes on answering meanwhile. And the batch writer lets such waiting writes go first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openSqliteStore } from '../../src/store/sqlite/sqliteStore';
import { openConnection } from '../../src/store/sqlite/connection';
import { BUSY_TIMEOUT_MS, letOthersFirst, MAX_YIELD_MS, newWriteTurns, WriteTurns } from '../../src/store/sqlite/writeTurns';
import { newPoolSettings } from '../../src/domain/userPool';
import { cleanup, tempDir } from '../helpers/server';

const scope = { accountId: '111111111111', region: 'us-west-2' };
const pool = (id: string) => ({ ...scope, id, name: id, createdMs: 1, modifiedMs: 1, settings: newPoolSettings({ PoolName: id }) });


type Sqlite = ReturnType<typeof openSqliteStore>;
type Connection = ReturnType<typeof openConnection>;

/** The server's store, and another connection to its file holding the write lock (as the batch writer's would), for `run`. */
async function whileAnotherWrites(prefix: string, run: (server: Sqlite, other: Connection) => Promise<void>): Promise<void> {
  const dir = tempDir(prefix);
  const file = join(dir, 'db.sqlite');
  const server = openSqliteStore(file);
  const other = openConnection(file, { mustExist: true });
  try {
    other.prepare('BEGIN IMMEDIATE').run();
    await run(server, other);
  } finally {
    if (other.inTransaction) other.prepare('ROLLBACK').run();
    other.close();
    await server.close();
    cleanup(dir);
  }
}

test('a write waiting for the lock lets the event loop run, counts itself waiting, and goes in once the lock is free', async () => {
  await whileAnotherWrites('ci-turns-', async (server, other) => {
    const waiting = new Int32Array(server.writeTurns);
    let settled = false;
    const insert = server.pools.insertPool(pool('us-west-2_turns0001')).finally(() => { settled = true; });
    // Timers fire while the write waits: the thread is not asleep in busy_timeout. Five turns of
    // a 5 ms timer, in much less than BUSY_TIMEOUT_MS (5 s), which a sleeping thread would take
    // for the first; not a tighter bound, so a loaded machine's slow turns do not fail it.
    const started = performance.now();
    for (let i = 0; i < 5; i++) await new Promise<void>((r) => setTimeout(r, 5));
    const ms = performance.now() - started;
    assert.ok(ms < BUSY_TIMEOUT_MS / 2, `5 timer turns took ${Math.round(ms)} ms`);
    assert.equal(settled, false, 'the write waits for the lock');
    assert.equal(Atomics.load(waiting, 0), 1, 'counted as waiting, for the batch writer to see');
    other.prepare('ROLLBACK').run();
    await insert;
    assert.equal(Atomics.load(waiting, 0), 0);
    assert.equal(await server.pools.poolExists(scope, 'us-west-2_turns0001'), true);
  });
});

test('a write that never gets the lock fails after busy_timeout with SQLITE_BUSY and changes nothing', async () => {
  await whileAnotherWrites('ci-turns-busy-', async (server, other) => {
    await assert.rejects(server.pools.insertPool(pool('us-west-2_turns0002')), (e: unknown) => (e as { code?: string }).code === 'SQLITE_BUSY');
    other.prepare('ROLLBACK').run();
    assert.equal(Atomics.load(new Int32Array(server.writeTurns), 0), 0);
    assert.equal(await server.pools.poolExists(scope, 'us-west-2_turns0002'), false);
  });
});

test('the batch writer holds its next group back while writes wait, at most MAX_YIELD_MS, and not at all when none does', () => {
  const shared = newWriteTurns();
  let t = performance.now();
  letOthersFirst(shared);
  assert.ok(performance.now() - t < 5, 'nothing waits: no pause');
  Atomics.store(new Int32Array(shared), 0, 1);
  t = performance.now();
  letOthersFirst(shared);
  const held = performance.now() - t;
  assert.ok(held >= MAX_YIELD_MS - 1 && held < MAX_YIELD_MS + 500, `held ${held} ms`);
});

test('WriteTurns passes a write that is not SQLITE_BUSY straight through', async () => {
  const dir = tempDir('ci-turns-err-');
  const db = openConnection(join(dir, 'db.sqlite'));
  try {
    const turns = new WriteTurns(db, newWriteTurns());
    await assert.rejects(turns.write(() => db.prepare('INSERT INTO nowhere VALUES (1)').run()), /no such table/);
    assert.equal(db.pragma('busy_timeout', { simple: true }), 5000, 'busy_timeout back for reads');
  } finally {
    db.close();
    cleanup(dir);
  }
});
