// The write side of CloudWatch Logs' storage on PostgreSQL (logs.ts, PgLogs.appendEventsTx): the
// statements that make or lock a stream and insert a batch's events, and the events encoded as
// those statements take them, made without the database (the import engine does it while the
// batch before commits, imports.ts).
import { MAX, MIN } from '../logBounds';
import type { LogEventRecord } from '../ports';

// Makes the group and the stream; returns the stream's id, or nothing when another transaction
// made the stream first. A stream inserted here is this transaction's until it commits: another
// appender to it waits.
export const STREAM_MAKE_SQL = `WITH g AS (
    INSERT INTO log_groups (account_id, region, group_name, created_ms) VALUES ($1, $2, $3, $5) ON CONFLICT DO NOTHING
  )
  INSERT INTO log_streams (account_id, region, group_name, stream_name, created_ms) VALUES ($1, $2, $3, $4, $5)
  ON CONFLICT DO NOTHING RETURNING stream_id`;

export const STREAM_ID_SQL = 'SELECT stream_id FROM log_streams WHERE account_id = $1 AND region = $2 AND group_name = $3 AND stream_name = $4';

/** An existing stream, locked: appenders to one stream take turns (the update of its totals would make them anyway). */
export const STREAM_LOCK_SQL = `${STREAM_ID_SQL} FOR UPDATE`;

/** Whether the stream holds an event with a seq in [$2, $3]. */
export const CLASH_SQL = 'SELECT EXISTS (SELECT 1 FROM log_events WHERE stream_id = $1 AND seq BETWEEN $2 AND $3) AS clash';

// Both inserts take the events as columns: bigint arrays, and the messages as one JSON array.
export const EVENT_ROWS = `ROWS FROM (unnest($2::bigint[]), unnest($3::bigint[]), unnest($4::bigint[]), json_array_elements_text($5::json)) AS t (seq, ts, ing, msg)`;

// Events none of which the stream holds, with distinct seqs: a plain INSERT (ON CONFLICT would
// cost every row a speculative insertion into both indexes, about 1.7 times the time a row), the
// stream's times and bytes computed by the caller.
export const EVENTS_NEW_SQL = `WITH ins AS (
    INSERT INTO log_events (stream_id, seq, timestamp_ms, ingestion_ms, message)
    SELECT $1::bigint, t.seq, t.ts, t.ing, t.msg FROM ${EVENT_ROWS}
  )
  UPDATE log_streams SET
    first_event_ms = LEAST(first_event_ms, $6),
    last_event_ms = GREATEST(last_event_ms, $7),
    last_ingestion_ms = GREATEST(last_ingestion_ms, $8),
    stored_bytes = stored_bytes + $9
  WHERE stream_id = $1`;

// Otherwise idempotent by seq (ON CONFLICT DO NOTHING, a seq repeated in the call included: the
// first stays); the stream's times and bytes count only what was inserted. octet_length is UTF-8
// bytes: the store refuses a database in another encoding (pgStore.ts). LEAST and GREATEST skip
// NULLs, so a stream's first events set its times.
export const EVENTS_IDEMPOTENT_SQL = `WITH ins AS (
    INSERT INTO log_events (stream_id, seq, timestamp_ms, ingestion_ms, message)
    SELECT $1::bigint, t.seq, t.ts, t.ing, t.msg FROM ${EVENT_ROWS}
    ON CONFLICT DO NOTHING
    RETURNING timestamp_ms, ingestion_ms, octet_length(message) AS bytes
  ), agg AS (
    SELECT min(timestamp_ms) AS first, max(timestamp_ms) AS last, max(ingestion_ms) AS ingested, sum(bytes) AS bytes, count(*) AS n FROM ins
  )
  UPDATE log_streams s SET
    first_event_ms = LEAST(s.first_event_ms, agg.first),
    last_event_ms = GREATEST(s.last_event_ms, agg.last),
    last_ingestion_ms = GREATEST(s.last_ingestion_ms, agg.ingested),
    stored_bytes = s.stored_bytes + agg.bytes
  FROM agg WHERE s.stream_id = $1 AND agg.n > 0`;

/** Events as the inserts take them, with what the stream's totals need: made without the database. */
export interface EncodedEvents {
  n: number;
  /** bigint[] literals ({1,2,3}): built with one join, where pg's array serializer escapes each element. */
  seqs: string;
  timestamps: string;
  ingestions: string;
  /** The messages as one JSON array, UTF-8 (see userBatch.ts, jsonColumn). */
  messages: Buffer;
  /** Seqs strictly increasing, so distinct. */
  increasing: boolean;
  firstSeq: number;
  lastSeq: number;
  firstIngestionMs: number;
  first: number;
  last: number;
  ingested: number;
  bytes: number;
}

export function encodeEvents(events: LogEventRecord[]): EncodedEvents {
  const n = events.length;
  const seq = new Array<number>(n), ts = new Array<number>(n), ing = new Array<number>(n), msg = new Array<string>(n);
  let increasing = true, first = MAX, last = MIN, ingested = MIN, bytes = 0;
  for (let i = 0; i < n; i++) {
    const e = events[i];
    seq[i] = e.seq; ts[i] = e.timestampMs; ing[i] = e.ingestionMs; msg[i] = e.message;
    if (i && e.seq <= seq[i - 1]) increasing = false;
    if (e.timestampMs < first) first = e.timestampMs;
    if (e.timestampMs > last) last = e.timestampMs;
    if (e.ingestionMs > ingested) ingested = e.ingestionMs;
    bytes += Buffer.byteLength(e.message, 'utf8');
  }
  return {
    n, seqs: `{${seq.join(',')}}`, timestamps: `{${ts.join(',')}}`, ingestions: `{${ing.join(',')}}`,
    messages: Buffer.from(JSON.stringify(msg), 'utf8'), increasing, firstSeq: seq[0], lastSeq: seq[n - 1],
    firstIngestionMs: n ? events[0].ingestionMs : 0, first, last, ingested, bytes,
  };
}
