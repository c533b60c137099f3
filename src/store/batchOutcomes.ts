// What every backend does between writing a batch's users and writing its log events: pair
// each row with its outcome, count, and build the row's log event. Backend-neutral.
import { rowMessage } from '../domain/importLog';
import type { BatchCommit, CreateOutcome, LogEventRecord } from './ports';

export interface BatchTally {
  imported: number;
  skipped: number;
  failed: number;
  events: LogEventRecord[];
}

/** `created` holds one outcome per row that carried a user, in row order. */
export function tallyBatch(b: BatchCommit, created: CreateOutcome[]): BatchTally {
  let imported = 0, skipped = 0, failed = 0, d = 0;
  const events: LogEventRecord[] = new Array(b.rows.length);
  for (let i = 0; i < b.rows.length; i++) {
    const r = b.rows[i];
    let message: string;
    if (r.user) {
      const o = created[d++];
      if (o === 'created') imported++;
      else if (o === 'exists') skipped++;
      else failed++;
      message = rowMessage(r.line, o);
    } else {
      failed++;
      message = rowMessage(r.line, { failed: r.failure! });
    }
    events[i] = { seq: r.line, timestampMs: b.nowMs, ingestionMs: b.nowMs, message };
  }
  return { imported, skipped, failed, events };
}

/** The users a batch asks to create, in row order. */
export const draftsOf = (b: BatchCommit): NonNullable<BatchCommit['rows'][number]['user']>[] =>
  b.rows.filter((r) => r.user).map((r) => r.user!);

/** newSub for the store's user writes: the batch's subs, in order. */
export function subsOf(b: BatchCommit): () => string {
  let i = 0;
  return () => {
    if (i >= b.subs.length) throw new Error(`the batch from row ${b.fromRow} carries ${b.subs.length} subs, fewer than its users`);
    return b.subs[i++];
  };
}
