// Inside the SQLite batch writer's thread (batchWriter.ts): one connection to the server's
// file, applying the batches it is sent in the order sent, with the same code the in-process
// store runs (SqliteImports). The batches waiting when it turns to them commit in one
// transaction: each commit writes every page its inserts touched to the WAL, and a user's sub
// lands on a random page of users_by_sub, so 500 users write about 500 pages of that index
// alone; several batches together write each such page once.
import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import type { BatchWriterData, FromBatchWriter, ToBatchWriter } from './batchWriter';
import { lowerThreadPriority } from '../../threadPriority';
import { openConnection } from './connection';
import { SqliteImports } from './imports';
import { SqliteLogs } from './logs';
import { SqliteUsers } from './users';
import { letOthersFirst, othersWaiting, WriteTurns } from './writeTurns';

type Commit = Extract<ToBatchWriter, { type: 'commit' }>;

export function runBatchWriter(port: MessagePort, d: BatchWriterData): void {
  // This thread does no asynchronous I/O, so no libuv pool thread is made from it (and inherits its nice value).
  lowerThreadPriority(d.nice);
  const db = openConnection(d.file, { mustExist: true, checkpointPages: d.checkpointPages, walKeptBytes: d.walKeptBytes });
  // Its own commits wait in busy_timeout: this thread serves no requests (the turns go unused).
  const turns = new WriteTurns(db, d.writeTurns);
  const users = new SqliteUsers(db, turns);
  const imports = new SqliteImports(db, turns, users, new SqliteLogs(db, turns));
  const closeNow = (): void => {
    db.close();
    port.postMessage({ type: 'closed' } satisfies FromBatchWriter);
  };
  port.on('message', (first: ToBatchWriter) => {
    if (first.type === 'close') return closeNow();
    // The commits already waiting join this one, up to groupRows rows; a close waits its turn.
    const group: Commit[] = [first];
    let rows = first.batch.batch.rows.length;
    let close = false;
    while (rows < d.groupRows) {
      const next = receiveMessageOnPort(port)?.message as ToBatchWriter | undefined;
      if (!next) break;
      if (next.type === 'close') {
        close = true;
        break;
      }
      group.push(next);
      rows += next.batch.batch.rows.length;
    }
    commitGroup(port, imports, group, d.writeTurns);
    if (close) closeNow();
  });
}

/**
 * The group in as few transactions as it takes: one, unless a write of the API's or engine's
 * connections comes to wait for the lock meanwhile; then the transaction ends after the batch
 * in progress and that write goes first (writeTurns.ts), so it waits for one batch, not a group.
 */
function commitGroup(port: MessagePort, imports: SqliteImports, group: Commit[], shared: SharedArrayBuffer): void {
  let done = 0;
  try {
    while (done < group.length) {
      letOthersFirst(shared);
      const results = imports.commitBatchesSync(group.slice(done).map((c) => c.batch), () => othersWaiting(shared));
      for (const r of results) port.postMessage({ type: 'done', id: group[done++].id, result: r } satisfies FromBatchWriter);
    }
  } catch (e) {
    // Nothing of that transaction was written: its batches fail with the error, and so do the
    // rest of the group (refused anyway, not on top of its checkpoint); the engine sends them again.
    const err = e as Error & { code?: unknown };
    const failed = { message: String(err?.message ?? e), ...(typeof err?.code === 'string' && { code: err.code }) };
    for (const c of group.slice(done)) port.postMessage({ type: 'failed', id: c.id, ...failed } satisfies FromBatchWriter);
  }
}
