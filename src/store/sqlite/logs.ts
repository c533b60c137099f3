// CloudWatch Logs' storage (spec section 6): one row per group, per stream, per event.
// The import engine writes through appendEventsSync inside its batch transaction (about 500,000
// events for a big import), so that path is prepared statements only and one stream look-up per
// batch. Reads page through log_events_by_time, CloudWatch's order: timestamp, then seq.
import { lowerBound, MAX, MIN, READ_CHUNK, upperBound } from '../logBounds';
import { nextTurn } from '../../nextTurn';
import { mergeStreams, type ScannedRow } from './logMerge';
import { toStream, type StreamRow } from '../rows';
import type { Database as Db, Statement } from 'better-sqlite3';
import type {
  LogEventGap, LogEventQuery, LogEventRecord, LogFilterQuery, LogGroupQuery, LogGroupRecord, LogMessageFilter, LogStore,
  LogStreamQuery, LogStreamRecord, Scope, StoredLogEvent,
} from '../ports';
import type { WriteTurns } from './writeTurns';

interface EventRow {
  seq: number; timestamp_ms: number; ingestion_ms: number; message: string;
}


/** `name` starts with `prefix`, written so the (…, name) index can seek to the first candidate. */
const PREFIX_SQL = (col: string): string => `(${col} >= @prefix AND substr(${col}, 1, length(@prefix)) = @prefix)`;

/** SQL for a message filter, its terms bound as @t0, @t1, … (instr is case-sensitive, as CloudWatch's terms are). */
function filterSql(f: LogMessageFilter | undefined, params: Record<string, unknown>): string {
  if (!f) return '1';
  let n = 0;
  const term = (t: string, present: boolean): string => {
    const name = `t${n++}`;
    params[name] = t;
    return `instr(message, @${name}) ${present ? '> 0' : '= 0'}`;
  };
  return `(${f.clauses.map((c) => {
    const parts = [...c.include.map((t) => term(t, true)), ...c.exclude.map((t) => term(t, false))];
    return `(${parts.length ? parts.join(' AND ') : '1'})`;
  }).join(' OR ')})`;
}

export class SqliteLogs implements LogStore {
  private readonly s: Record<string, Statement>;
  /** Stream ids by scope/group/stream, for the write path. Verified on use (a rolled-back creation leaves a stale one). */
  private readonly ids = new Map<string, number>();
  private readonly dynamic = new Map<string, Statement>();

  constructor(private readonly db: Db, private readonly turns: WriteTurns) {
    this.s = {
      insertGroup: db.prepare('INSERT OR IGNORE INTO log_groups (account_id, region, group_name, created_ms) VALUES (?, ?, ?, ?)'),
      insertStream: db.prepare(`INSERT OR IGNORE INTO log_streams (account_id, region, group_name, stream_name, created_ms)
        VALUES (?, ?, ?, ?, ?)`),
      streamId: db.prepare('SELECT stream_id FROM log_streams WHERE account_id = ? AND region = ? AND group_name = ? AND stream_name = ?').pluck(),
      isStream: db.prepare(`SELECT 1 FROM log_streams WHERE stream_id = ? AND account_id = ? AND region = ? AND group_name = ?
        AND stream_name = ?`).pluck(),
      insertEvent: db.prepare('INSERT OR IGNORE INTO log_events (stream_id, seq, timestamp_ms, ingestion_ms, message) VALUES (?, ?, ?, ?, ?)'),
      touchStream: db.prepare(`UPDATE log_streams SET
          first_event_ms = min(coalesce(first_event_ms, @first), @first),
          last_event_ms = max(coalesce(last_event_ms, @last), @last),
          last_ingestion_ms = max(coalesce(last_ingestion_ms, @ingested), @ingested),
          stored_bytes = stored_bytes + @bytes
        WHERE stream_id = @id`),
      groupExists: db.prepare('SELECT 1 FROM log_groups WHERE account_id = ? AND region = ? AND group_name = ?').pluck(),
      forward: db.prepare(`SELECT seq, timestamp_ms, ingestion_ms, message FROM log_events
        WHERE stream_id = @id AND (timestamp_ms, seq) > (@ts, @seq) AND timestamp_ms < @end
        ORDER BY timestamp_ms, seq LIMIT @limit`),
      backward: db.prepare(`SELECT seq, timestamp_ms, ingestion_ms, message FROM log_events
        WHERE stream_id = @id AND (timestamp_ms, seq) <= (@ts, @seq) AND timestamp_ms >= @start
        ORDER BY timestamp_ms DESC, seq DESC LIMIT @limit`),
    };
  }

  /** The import engine's write path: runs inside the caller's transaction and opens none. */
  appendEventsSync(scope: Scope, group: string, stream: string, events: LogEventRecord[]): void {
    const id = this.streamFor(scope, group, stream, events.length ? events[0].ingestionMs : Date.now());
    let bytes = 0, first = MAX, last = MIN, ingested = MIN, added = 0;
    const insert = this.s.insertEvent;
    for (let i = 0; i < events.length; i++) {
      const e = events[i];
      if (insert.run(id, e.seq, e.timestampMs, e.ingestionMs, e.message).changes === 0) continue; // already stored
      added++;
      bytes += Buffer.byteLength(e.message, 'utf8');
      if (e.timestampMs < first) first = e.timestampMs;
      if (e.timestampMs > last) last = e.timestampMs;
      if (e.ingestionMs > ingested) ingested = e.ingestionMs;
    }
    if (added) this.s.touchStream.run({ first, last, ingested, bytes, id });
  }

  private streamFor(scope: Scope, group: string, stream: string, nowMs: number): number {
    const key = `${scope.accountId}\0${scope.region}\0${group}\0${stream}`;
    const cached = this.ids.get(key);
    if (cached !== undefined && this.s.isStream.get(cached, scope.accountId, scope.region, group, stream) !== undefined) return cached;
    this.s.insertGroup.run(scope.accountId, scope.region, group, nowMs);
    this.s.insertStream.run(scope.accountId, scope.region, group, stream, nowMs);
    const id = this.s.streamId.get(scope.accountId, scope.region, group, stream) as number;
    this.ids.set(key, id);
    return id;
  }

  async appendEvents(scope: Scope, group: string, stream: string, events: LogEventRecord[]): Promise<void> {
    await this.turns.transaction(() => this.appendEventsSync(scope, group, stream, events));
  }

  private prepared(sql: string): Statement {
    let st = this.dynamic.get(sql);
    if (!st) {
      st = this.db.prepare(sql);
      if (this.dynamic.size < 200) this.dynamic.set(sql, st);
    }
    return st;
  }

  async listGroups(scope: Scope, q: LogGroupQuery): Promise<LogGroupRecord[]> {
    const where = ['g.account_id = @account', 'g.region = @region'];
    if (q.prefix !== undefined) where.push(PREFIX_SQL('g.group_name'));
    if (q.pattern !== undefined) where.push('instr(lower(g.group_name), lower(@pattern)) > 0');
    if (q.afterName !== undefined) where.push('g.group_name > @after');
    const rows = this.prepared(`SELECT g.group_name, g.created_ms,
        (SELECT coalesce(sum(s.stored_bytes), 0) FROM log_streams s
          WHERE s.account_id = g.account_id AND s.region = g.region AND s.group_name = g.group_name) AS stored_bytes
      FROM log_groups g WHERE ${where.join(' AND ')} ORDER BY g.group_name LIMIT @limit`)
      .all({ account: scope.accountId, region: scope.region, prefix: q.prefix, pattern: q.pattern, after: q.afterName, limit: q.limit }) as
      { group_name: string; created_ms: number; stored_bytes: number }[];
    return rows.map((r) => ({ groupName: r.group_name, createdMs: r.created_ms, storedBytes: r.stored_bytes }));
  }

  async listStreams(scope: Scope, group: string, q: LogStreamQuery): Promise<LogStreamRecord[]> {
    const where = ['account_id = @account', 'region = @region', 'group_name = @group'];
    const cmp = q.descending ? '<' : '>';
    const dir = q.descending ? 'DESC' : 'ASC';
    if (q.prefix !== undefined) where.push(PREFIX_SQL('stream_name'));
    let order: string;
    if (q.orderBy === 'LastEventTime') {
      if (q.after) where.push(`(coalesce(last_event_ms, 0), stream_name) ${cmp} (@afterMs, @afterName)`);
      order = `coalesce(last_event_ms, 0) ${dir}, stream_name ${dir}`;
    } else {
      if (q.after) where.push(`stream_name ${cmp} @afterName`);
      order = `stream_name ${dir}`;
    }
    const rows = this.prepared(`SELECT * FROM log_streams WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT @limit`).all({
      account: scope.accountId, region: scope.region, group, prefix: q.prefix,
      afterMs: q.after?.lastEventMs, afterName: q.after?.streamName, limit: q.limit,
    }) as StreamRow[];
    return rows.map(toStream);
  }

  async groupExists(scope: Scope, group: string): Promise<boolean> {
    return this.s.groupExists.get(scope.accountId, scope.region, group) !== undefined;
  }

  async readEvents(scope: Scope, group: string, stream: string, q: LogEventQuery): Promise<StoredLogEvent[] | undefined> {
    const id = this.s.streamId.get(scope.accountId, scope.region, group, stream) as number | undefined;
    if (id === undefined) return undefined;
    const forward = q.direction === 'forward';
    const read = forward ? this.s.forward : this.s.backward;
    // One row-value bound on the side the index is read from (two lower bounds and SQLite seeks by one only).
    let g: LogEventGap = forward ? lowerBound(q.startMs, q.from) : upperBound(q.endMs, q.from);
    const out: StoredLogEvent[] = [];
    // READ_CHUNK rows a turn (logBounds.ts), each chunk going on after the last row of the one before.
    for (;;) {
      const n = Math.min(READ_CHUNK, q.limit - out.length);
      if (n <= 0) break;
      const rows = read.all({ id, start: q.startMs ?? MIN, end: q.endMs ?? MAX, ts: g.timestampMs, seq: g.seq, limit: n }) as EventRow[];
      for (const r of rows) out.push({ streamName: stream, seq: r.seq, timestampMs: r.timestamp_ms, ingestionMs: r.ingestion_ms, message: r.message });
      if (rows.length < n || out.length >= q.limit) break;
      const last = rows[rows.length - 1];
      // Backward reads take rows at or before the gap: the next chunk starts just before the last.
      g = { timestampMs: last.timestamp_ms, seq: forward ? last.seq : last.seq - 1 };
      await nextTurn();
    }
    if (!forward) out.reverse();
    return out;
  }

  async filterEvents(scope: Scope, group: string, q: LogFilterQuery): Promise<StoredLogEvent[] | undefined> {
    const streams = this.streamsOf(scope, group, q);
    if (!streams) return undefined;
    if (!streams.length || q.limit <= 0) return [];
    const params: Record<string, unknown> = { end: q.endMs ?? MAX };
    // Every row scanned comes back with whether the filter keeps it, so a scan reads a bounded
    // number of rows however few the filter keeps (logMerge.ts).
    const scan = this.prepared(`SELECT seq, timestamp_ms, ingestion_ms, message, ${filterSql(q.filter, params)} AS hit FROM log_events
      WHERE stream_id = @id AND (timestamp_ms, seq) > (@ts, @seq) AND timestamp_ms < @end
      ORDER BY timestamp_ms, seq LIMIT @scan`);
    const a = q.after;
    return mergeStreams(streams.map((s) => ({
      id: s.stream_id,
      name: s.stream_name,
      // After (ts, name, seq): in an earlier-named stream only later milliseconds, in the same
      // stream later seqs, in a later-named stream the same millisecond onwards.
      gap: lowerBound(q.startMs, !a ? undefined
        : s.stream_name < a.streamName ? { timestampMs: a.timestampMs, seq: MAX }
          : s.stream_name === a.streamName ? { timestampMs: a.timestampMs, seq: a.seq }
            : { timestampMs: a.timestampMs, seq: MIN }),
    })), q.limit, (id, gap, n) => scan.all({ ...params, id, ts: gap.timestampMs, seq: gap.seq, scan: n }) as ScannedRow[]);
  }

  /** The streams a filter reads, by name; undefined when a named one does not exist. */
  private streamsOf(scope: Scope, group: string, q: LogFilterQuery): { stream_id: number; stream_name: string }[] | undefined {
    const base = { account: scope.accountId, region: scope.region, group };
    if (q.streamNames) {
      const names = [...new Set(q.streamNames)].sort();
      const out: { stream_id: number; stream_name: string }[] = [];
      for (const n of names) {
        const id = this.s.streamId.get(scope.accountId, scope.region, group, n) as number | undefined;
        if (id === undefined) return undefined;
        out.push({ stream_id: id, stream_name: n });
      }
      return out;
    }
    const prefix = q.streamPrefix !== undefined ? ` AND ${PREFIX_SQL('stream_name')}` : '';
    return this.prepared(`SELECT stream_id, stream_name FROM log_streams
      WHERE account_id = @account AND region = @region AND group_name = @group${prefix} ORDER BY stream_name`)
      .all({ ...base, prefix: q.streamPrefix }) as { stream_id: number; stream_name: string }[];
  }
}
