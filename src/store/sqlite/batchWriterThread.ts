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

type Commit = Extract<ToBatchWriter, { type: 'commit' }>;

export function runBatchWriter(port: MessagePort, d: BatchWriterData): void {
  // This thread does no asynchronous I/O, so no libuv pool thread is made from it (and inherits its nice value).
  lowerThreadPriority(d.nice);
  const db = openConnection(d.file, { mustExist: true, checkpointPages: d.checkpointPages });
  const users = new SqliteUsers(db);
  const imports = new SqliteImports(db, users, new SqliteLogs(db));
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
    commitGroup(port, imports, group);
    if (close) closeNow();
  });
}

function commitGroup(port: MessagePort, imports: SqliteImports, group: Commit[]): void {
  try {
    const results = imports.commitBatchesSync(group.map((c) => c.batch));
    group.forEach((c, i) => port.postMessage({ type: 'done', id: c.id, result: results[i] } satisfies FromBatchWriter));
  } catch (e) {
    // Nothing of the group was written: each of its batches fails with the error.
    const err = e as Error & { code?: unknown };
    const failed = { message: String(err?.message ?? e), ...(typeof err?.code === 'string' && { code: err.code }) };
    for (const c of group) port.postMessage({ type: 'failed', id: c.id, ...failed } satisfies FromBatchWriter);
  }
}
