// Inside the SQLite batch writer's thread (batchWriter.ts): one connection to the server's
// file, committing each batch it is sent with the same code the in-process store runs
// (SqliteImports.commitBatchSync), one at a time, in the order sent.
import type { MessagePort } from 'node:worker_threads';
import type { BatchWriterData, FromBatchWriter, ToBatchWriter } from './batchWriter';
import { lowerThreadPriority } from '../../threadPriority';
import { openConnection } from './connection';
import { SqliteImports } from './imports';
import { SqliteLogs } from './logs';
import { SqliteUsers } from './users';

export function runBatchWriter(port: MessagePort, d: BatchWriterData): void {
  // This thread does no asynchronous I/O, so no libuv pool thread is made from it (and inherits its nice value).
  lowerThreadPriority(d.nice);
  const db = openConnection(d.file, { mustExist: true, checkpointPages: d.checkpointPages });
  const users = new SqliteUsers(db);
  const imports = new SqliteImports(db, users, new SqliteLogs(db));
  port.on('message', (m: ToBatchWriter) => {
    if (m.type === 'close') {
      db.close();
      port.postMessage({ type: 'closed' } satisfies FromBatchWriter);
      return;
    }
    try {
      port.postMessage({ type: 'done', id: m.id, result: imports.commitBatchSync(m.batch.batch, m.batch.users) } satisfies FromBatchWriter);
    } catch (e) {
      const err = e as Error & { code?: unknown };
      port.postMessage({ type: 'failed', id: m.id, message: String(err?.message ?? e), ...(typeof err?.code === 'string' && { code: err.code }) } satisfies FromBatchWriter);
    }
  });
}
