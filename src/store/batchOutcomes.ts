// What every backend does between writing a batch's users and writing its log events: pair
// each row with its outcome, count, and build the row's log event. Backend-neutral.
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
      message = b.messageFor(r.line, o);
    } else {
      failed++;
      message = b.messageFor(r.line, { failed: r.failure! });
    }
    events[i] = { seq: r.line, timestampMs: b.nowMs, ingestionMs: b.nowMs, message };
  }
  return { imported, skipped, failed, events };
}

/** The users a batch asks to create, in row order. */
export const draftsOf = (b: BatchCommit): NonNullable<BatchCommit['rows'][number]['user']>[] =>
  b.rows.filter((r) => r.user).map((r) => r.user!);
