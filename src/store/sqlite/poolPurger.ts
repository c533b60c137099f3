// A deleted pool's users and their sign-in rows (POOL_TABLES, signInSchema.ts), removed after
// DeleteUserPool has answered. The pool row goes at once (with its app clients and signing keys),
// with a pool_purges row (migration 3) saying its users are to go; this purger then deletes them
// PURGE_CHUNK a transaction with a turn of the event loop between, and the row last. Why in the
// background: since the filter indexes (migration 4) a user has ten index entries, and removing
// 500,000 users took 87 s, past the 120 s idle timeout of a client waiting for its answer. Once
// the pool row is gone no request reaches its users (pool ids are never reused; a sign-in row found
// by its own key, a session id or a refresh token's hash, names its client, gone with the pool),
// an import still running finds its job gone at its next batch, and a stop half-way leaves the
// row, so the next open goes on where this one stopped.
import type { Database as Db, Statement } from 'better-sqlite3';
import { nextTurn } from '../../nextTurn';
import type { WriteTurns } from './writeTurns';
import { POOL_TABLES } from '../signInSchema';

/**
 * Users (and as many aliases) a purge removes per transaction. A user has ten index entries, each
 * in a page of its own: 1,000 a transaction held the loop 20-35 ms; 250 (and a turn before the
 * first) 11.5-16 ms; 100 no less, and took twice as long in all (test/timing/eventLoopBudget.test.ts).
 */
const PURGE_CHUNK = 250;

export class PoolPurger {
  private readonly s: Record<string, Statement>;
  private running: Promise<void> | undefined;
  private stopping = false;

  constructor(private readonly db: Db, private readonly turns: WriteTurns) {
    this.s = {
      next: db.prepare('SELECT account_id, pool_id FROM pool_purges LIMIT 1'),
      delUsers: db.prepare(`DELETE FROM users WHERE user_id IN
        (SELECT user_id FROM users WHERE account_id = ? AND pool_id = ? LIMIT ${PURGE_CHUNK})`),
      delAliases: db.prepare(`DELETE FROM user_aliases WHERE (account_id, pool_id, kind, value) IN
        (SELECT account_id, pool_id, kind, value FROM user_aliases WHERE account_id = ? AND pool_id = ? LIMIT ${PURGE_CHUNK})`),
      // The pool's sign-in rows, each table a chunk at a time like the users (one a turn: see purgeAll).
      // Every table of POOL_TABLES, those the pool's deletion already emptied included, so a purge
      // left by an older version or a crash finds nothing of the pool left behind.
      ...Object.fromEntries(POOL_TABLES.map((t) => [`del:${t}`, db.prepare(`DELETE FROM ${t} WHERE rowid IN
        (SELECT rowid FROM ${t} WHERE account_id = ? AND pool_id = ? LIMIT ${PURGE_CHUNK})`)])),
      dropRef: db.prepare('DELETE FROM pool_refs WHERE account_id = ? AND pool_id = ?'),
      done: db.prepare('DELETE FROM pool_purges WHERE account_id = ? AND pool_id = ?'),
    };
  }

  /** Starts purging, unless already at it: after a pool's deletion, and when the store opens. */
  kick(): void {
    if (this.stopping || this.running) return;
    this.running = this.purgeAll().finally(() => { this.running = undefined; });
  }

  /** Settles when nothing is left to purge (or the purger was stopped): for tests and close(). */
  async settled(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Stops after the chunk in progress; what is left waits for the next open. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.settled();
  }

  private async purgeAll(): Promise<void> {
    for (;;) {
      // A turn first, too: the pool's own transaction and a chunk made one turn of 16-21 ms.
      await nextTurn();
      if (this.stopping) return;
      const pool = this.s.next.get() as { account_id: string; pool_id: string } | undefined;
      if (!pool) return;
      await this.turns.transaction(() => {
        const a = pool.account_id;
        const p = pool.pool_id;
        if (this.s.delUsers.run(a, p).changes + this.s.delAliases.run(a, p).changes > 0) return;
        // Then the sign-in tables, one chunk of one table a turn: users first, whose chunk is the
        // slowest (ten index entries a row), and never two tables' chunks in one turn.
        for (const t of POOL_TABLES) if (this.s[`del:${t}`].run(a, p).changes > 0) return;
        this.s.dropRef.run(a, p);
        this.s.done.run(a, p);
      });
    }
  }
}
