// A batch as the SQLite batch writer's thread receives it (batchWriter.ts). Everything the
// writer's JavaScript did per user that needs no database is done before, in the engine's
// thread while the batch before commits: each user's attributes as the stored JSON (sub first)
// and its indexed columns' values. The drafts go without their attributes. Measured on 2,000
// bench rows: the writer's side of a batch (receiving it, then the JSON and the index values)
// took about 50 ms as whole drafts, about 4 ms so; the engine's side is the same either way.
import type { UserDraft } from '../../domain/user';
import type { BatchCommit, RowOutcomeInput } from '../ports';
import { indexedValues, INDEXED_ATTRIBUTES } from '../userFilterPlan';

/** What createUsersSync writes for each created user, computed ahead; in draft order. */
export interface EncodedUsers {
  /** The attributes column: JSON [[name, value], ...], sub first. */
  attributes: string[];
  /** The indexed attributes' values, INDEXED_ATTRIBUTES.length per user, null when absent. */
  indexed: (string | null)[];
}

export interface WriterBatch {
  /** The batch, its drafts without attributes (the writer reads them from `users`). */
  batch: BatchCommit;
  users: EncodedUsers;
}

/** The stored attributes and indexed values of each user row, and the batch with light drafts. */
export function encodeWriterBatch(b: BatchCommit): WriterBatch {
  const attributes: string[] = [];
  const indexed: (string | null)[] = [];
  const rows: RowOutcomeInput[] = new Array(b.rows.length);
  let u = 0;
  for (let i = 0; i < b.rows.length; i++) {
    const r = b.rows[i];
    if (!r.user) {
      rows[i] = r;
      continue;
    }
    attributes.push(JSON.stringify([['sub', b.subs[u++]], ...r.user.attributes]));
    for (const v of indexedValues(r.user.attributes)) indexed.push(v);
    const light: UserDraft = { ...r.user, attributes: [] };
    rows[i] = { line: r.line, user: light };
  }
  return { batch: { ...b, rows }, users: { attributes, indexed } };
}

/** User i's indexed values, out of EncodedUsers.indexed. */
export const indexedOf = (users: EncodedUsers, i: number): (string | null)[] =>
  users.indexed.slice(i * INDEXED_ATTRIBUTES.length, (i + 1) * INDEXED_ATTRIBUTES.length);
