// CloudWatch Logs' storage on PostgreSQL: the same tables and orders as SqliteLogs. The import
// engine writes through appendEventsTx inside its batch transaction: a few round trips a batch
// whatever its size (the stream, made or locked; a check that none of the seqs is stored; then
// every event in one INSERT ... SELECT, the stream's times and bytes updated in the same statement).
import { lowerBound, MAX, MIN, READ_CHUNK, upperBound } from '../logBounds';
import { toStream, type StreamRow } from '../rows';
import type { Pool, PoolClient } from 'pg';
import type {
  LogEventGap, LogEventQuery, LogEventRecord, LogFilterQuery, LogGroupQuery, LogGroupRecord, LogMessageFilter, LogStore,
  LogStreamQuery, LogStreamRecord, Scope, StoredLogEvent,
} from '../ports';
import { cols, COLUMNS, inTransaction, named, type Queryable } from './sql';
import {
  CLASH_SQL, EVENTS_IDEMPOTENT_SQL, EVENTS_NEW_SQL, type EncodedEvents, STREAM_ID_SQL, STREAM_LOCK_SQL, STREAM_MAKE_SQL, encodeEvents,
} from './logWrites';

interface EventRow {
  stream_name: string; seq: number; timestamp_ms: number; ingestion_ms: number; message: string;
}

const toEvent = (r: EventRow): StoredLogEvent =>
  ({ streamName: r.stream_name, seq: r.seq, timestampMs: r.timestamp_ms, ingestionMs: r.ingestion_ms, message: r.message });


/** `col` starts with the parameter p, written so the (…, col) index can seek to the first candidate. */
const prefixSql = (col: string, p: string): string => `(${col} >= ${p} AND left(${col}, char_length(${p})) = ${p})`;

/** SQL for a message filter (strpos is case-sensitive, as CloudWatch's terms are). */
function filterSql(f: LogMessageFilter | undefined, param: (v: unknown) => string): string {
  if (!f) return 'TRUE';
  return `(${f.clauses.map((c) => {
    const parts = [...c.include.map((t) => `strpos(e.message, ${param(t)}) > 0`), ...c.exclude.map((t) => `strpos(e.message, ${param(t)}) = 0`)];
    return `(${parts.length ? parts.join(' AND ') : 'TRUE'})`;
  }).join(' OR ')})`;
}

export class PgLogs implements LogStore {
  constructor(private readonly pool: Pool) {}

  /**
   * The import engine's write path: runs inside the caller's transaction on client c and opens
   * none. Idempotent by seq as appendEvents is; when the stream holds none of the events' seqs
   * (always so for an import's batches, which go on from the checkpoint) they go in with a plain
   * INSERT, else with ON CONFLICT DO NOTHING.
   */
  async appendEventsTx(c: PoolClient, scope: Scope, group: string, stream: string, events: LogEventRecord[]): Promise<void> {
    await this.appendEncodedEventsTx(c, scope, group, stream, encodeEvents(events));
  }

  /** appendEventsTx of events encoded beforehand (the import engine encodes a batch's while the batch before commits). */
  async appendEncodedEventsTx(c: PoolClient, scope: Scope, group: string, stream: string, e: EncodedEvents): Promise<void> {
    const key = [scope.accountId, scope.region, group, stream];
    const lock = async (): Promise<number | undefined> => (await named<{ stream_id: number }>(c, 'log-stream-lock', STREAM_LOCK_SQL, key)).rows[0]?.stream_id;
    // The stream is looked up first, so a batch of a stream that exists (all but an import's first)
    // costs one statement and burns no identity value on an insert that conflicts.
    let id = await lock();
    let isNew = false;
    if (id === undefined) {
      const made = await named<{ stream_id: number }>(c, 'log-stream-make', STREAM_MAKE_SQL, [...key, e.n ? e.firstIngestionMs : Date.now()]);
      isNew = made.rows.length > 0;
      // Not made here: another transaction made it and has committed since; now it can be seen.
      id = isNew ? made.rows[0].stream_id : await lock();
      if (id === undefined) throw new Error(`log stream ${group} ${stream} could not be made`);
    }
    if (!e.n) return;
    let fresh = e.increasing;
    if (fresh && !isNew) {
      const clash = await named<{ clash: boolean }>(c, 'log-events-clash', CLASH_SQL, [id, e.firstSeq, e.lastSeq]);
      fresh = !clash.rows[0].clash;
    }
    const columns = [id, e.seqs, e.timestamps, e.ingestions, e.messages];
    if (fresh) await named(c, 'log-events-new', EVENTS_NEW_SQL, [...columns, e.first, e.last, e.ingested, e.bytes]);
    else await named(c, 'log-events-idempotent', EVENTS_IDEMPOTENT_SQL, columns);
  }

  async appendEvents(scope: Scope, group: string, stream: string, events: LogEventRecord[]): Promise<void> {
    await inTransaction(this.pool, (c) => this.appendEventsTx(c, scope, group, stream, events));
  }

  private async streamId(db: Queryable, scope: Scope, group: string, stream: string): Promise<number | undefined> {
    const r = await named<{ stream_id: number }>(db, 'log-stream-id', STREAM_ID_SQL, [scope.accountId, scope.region, group, stream]);
    return r.rows[0]?.stream_id;
  }

  async listGroups(scope: Scope, q: LogGroupQuery): Promise<LogGroupRecord[]> {
    const values: unknown[] = [scope.accountId, scope.region];
    const param = (v: unknown): string => `$${values.push(v)}`;
    const where = ['g.account_id = $1', 'g.region = $2'];
    if (q.prefix !== undefined) where.push(prefixSql('g.group_name', param(q.prefix)));
    // lower() under "C" folds ASCII only, as SQLite's lower() does.
    if (q.pattern !== undefined) where.push(`strpos(lower(g.group_name), lower(${param(q.pattern)} COLLATE "C")) > 0`);
    if (q.afterName !== undefined) where.push(`g.group_name > ${param(q.afterName)}`);
    const r = await this.pool.query<{ group_name: string; created_ms: number; stored_bytes: number }>(`SELECT g.group_name, g.created_ms,
        (SELECT coalesce(sum(s.stored_bytes), 0)::bigint FROM log_streams s
          WHERE s.account_id = g.account_id AND s.region = g.region AND s.group_name = g.group_name) AS stored_bytes
      FROM log_groups g WHERE ${where.join(' AND ')} ORDER BY g.group_name LIMIT ${param(q.limit)}`, values);
    return r.rows.map((x) => ({ groupName: x.group_name, createdMs: x.created_ms, storedBytes: x.stored_bytes }));
  }

  async listStreams(scope: Scope, group: string, q: LogStreamQuery): Promise<LogStreamRecord[]> {
    const values: unknown[] = [scope.accountId, scope.region, group];
    const param = (v: unknown): string => `$${values.push(v)}`;
    const where = ['account_id = $1', 'region = $2', 'group_name = $3'];
    const cmp = q.descending ? '<' : '>';
    const dir = q.descending ? 'DESC' : 'ASC';
    if (q.prefix !== undefined) where.push(prefixSql('stream_name', param(q.prefix)));
    let order: string;
    if (q.orderBy === 'LastEventTime') {
      if (q.after) where.push(`(coalesce(last_event_ms, 0), stream_name) ${cmp} (${param(q.after.lastEventMs)}::bigint, ${param(q.after.streamName)}::text)`);
      order = `coalesce(last_event_ms, 0) ${dir}, stream_name ${dir}`;
    } else {
      if (q.after) where.push(`stream_name ${cmp} ${param(q.after.streamName)}`);
      order = `stream_name ${dir}`;
    }
    const r = await this.pool.query<StreamRow>(`SELECT ${cols(COLUMNS.stream)} FROM log_streams WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT ${param(q.limit)}`, values);
    return r.rows.map(toStream);
  }

  async groupExists(scope: Scope, group: string): Promise<boolean> {
    const r = await named(this.pool, 'log-group-exists', 'SELECT 1 FROM log_groups WHERE account_id = $1 AND region = $2 AND group_name = $3',
      [scope.accountId, scope.region, group]);
    return r.rows.length > 0;
  }

  // Pages are read READ_CHUNK rows a query (logBounds.ts), each going on after the last row of
  // the one before. Why, though pg reads asynchronously: a page of 10,000 rows arrives faster than
  // it is parsed, and libuv hands the socket's reads to pg one after another in one turn of the
  // event loop (GetLogEvents of 10,000 events held it 34-64 ms in one query).

  async readEvents(scope: Scope, group: string, stream: string, q: LogEventQuery): Promise<StoredLogEvent[] | undefined> {
    const id = await this.streamId(this.pool, scope, group, stream);
    if (id === undefined) return undefined;
    const forward = q.direction === 'forward';
    // One row-value bound on the side the index is read from.
    let g: LogEventGap = forward ? lowerBound(q.startMs, q.from) : upperBound(q.endMs, q.from);
    const out: StoredLogEvent[] = [];
    for (;;) {
      const n = Math.min(READ_CHUNK, q.limit - out.length);
      if (n <= 0) break;
      const r = forward
        ? await named<EventRow>(this.pool, 'log-read-forward', `SELECT $1::text AS stream_name, seq, timestamp_ms, ingestion_ms, message FROM log_events
            WHERE stream_id = $2 AND (timestamp_ms, seq) > ($3::bigint, $4::bigint) AND timestamp_ms < $5
            ORDER BY timestamp_ms, seq LIMIT $6`, [stream, id, g.timestampMs, g.seq, q.endMs ?? MAX, n])
        : await named<EventRow>(this.pool, 'log-read-backward', `SELECT $1::text AS stream_name, seq, timestamp_ms, ingestion_ms, message FROM log_events
            WHERE stream_id = $2 AND (timestamp_ms, seq) <= ($3::bigint, $4::bigint) AND timestamp_ms >= $5
            ORDER BY timestamp_ms DESC, seq DESC LIMIT $6`, [stream, id, g.timestampMs, g.seq, q.startMs ?? MIN, n]);
      const rows = r.rows;
      for (const row of rows) out.push(toEvent(row));
      if (rows.length < n) break;
      const last = rows[rows.length - 1];
      // Backward reads take rows at or before the gap: the next chunk starts just before the last.
      g = { timestampMs: last.timestamp_ms, seq: forward ? last.seq : last.seq - 1 };
    }
    if (!forward) out.reverse();
    return out;
  }

  async filterEvents(scope: Scope, group: string, q: LogFilterQuery): Promise<StoredLogEvent[] | undefined> {
    const streams = await this.streamsOf(scope, group, q);
    if (!streams) return undefined;
    if (!streams.length || q.limit <= 0) return [];
    const out: StoredLogEvent[] = [];
    let after = q.after;
    for (;;) {
      const n = Math.min(READ_CHUNK, q.limit - out.length);
      if (n <= 0) break;
      const rows = await this.filterChunk(streams, { ...q, after, limit: n });
      for (const row of rows) out.push(toEvent(row));
      if (rows.length < n) break;
      const last = rows[rows.length - 1];
      after = { timestampMs: last.timestamp_ms, streamName: last.stream_name, seq: last.seq };
    }
    return out;
  }

  /** The first q.limit events of the streams after q.after, in (time, stream name, seq) order. */
  private async filterChunk(streams: { stream_id: number; stream_name: string }[], q: LogFilterQuery): Promise<EventRow[]> {
    // Each stream's own lower bound, as SqliteLogs computes it: after (ts, name, seq) means, in an
    // earlier-named stream only later milliseconds, in the same stream later seqs, in a
    // later-named stream the same millisecond onwards.
    const ids: number[] = [], names: string[] = [], tss: number[] = [], seqs: number[] = [];
    for (const s of streams) {
      const a = q.after;
      const g = lowerBound(q.startMs, !a ? undefined
        : s.stream_name < a.streamName ? { timestampMs: a.timestampMs, seq: MAX }
          : s.stream_name === a.streamName ? { timestampMs: a.timestampMs, seq: a.seq }
            : { timestampMs: a.timestampMs, seq: MIN });
      ids.push(s.stream_id); names.push(s.stream_name); tss.push(g.timestampMs); seqs.push(g.seq);
    }
    const values: unknown[] = [ids, names, tss, seqs, q.endMs ?? MAX, q.limit];
    const param = (v: unknown): string => `$${values.push(v)}`;
    // Every stream is read in its own index order, at most `limit` events each (plus what the
    // filter skips), and the first `limit` of those in (time, stream name, seq) order are the page:
    // a page reads at most streams x limit rows, however many events the group holds.
    const r = await this.pool.query<EventRow>(`SELECT s.name AS stream_name, e.seq, e.timestamp_ms, e.ingestion_ms, e.message
      FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::bigint[]) AS s (id, name, ts, seq)
      CROSS JOIN LATERAL (
        SELECT e.seq, e.timestamp_ms, e.ingestion_ms, e.message FROM log_events e
        WHERE e.stream_id = s.id AND (e.timestamp_ms, e.seq) > (s.ts, s.seq) AND e.timestamp_ms < $5
          AND ${filterSql(q.filter, param)}
        ORDER BY e.timestamp_ms, e.seq LIMIT $6
      ) e
      ORDER BY e.timestamp_ms, s.name COLLATE "C", e.seq LIMIT $6`, values);
    return r.rows;
  }

  /** The streams a filter reads, by name; undefined when a named one does not exist. */
  private async streamsOf(scope: Scope, group: string, q: LogFilterQuery): Promise<{ stream_id: number; stream_name: string }[] | undefined> {
    if (q.streamNames) {
      const names = [...new Set(q.streamNames)];
      const r = await named<{ stream_id: number; stream_name: string }>(this.pool, 'log-streams-named', `SELECT stream_id, stream_name FROM log_streams
        WHERE account_id = $1 AND region = $2 AND group_name = $3 AND stream_name = ANY ($4::text[]) ORDER BY stream_name`,
      [scope.accountId, scope.region, group, names]);
      return r.rows.length === names.length ? r.rows : undefined;
    }
    const values: unknown[] = [scope.accountId, scope.region, group];
    const prefix = q.streamPrefix !== undefined ? ` AND ${prefixSql('stream_name', `$${values.push(q.streamPrefix)}`)}` : '';
    const r = await this.pool.query<{ stream_id: number; stream_name: string }>(`SELECT stream_id, stream_name FROM log_streams
      WHERE account_id = $1 AND region = $2 AND group_name = $3${prefix} ORDER BY stream_name`, values);
    return r.rows;
  }
}
