// FilterLogEvents on SQLite: the k-way merge of a group's streams, each read in its own index
// order, into CloudWatch's (timestamp, stream name, seq) order. Read in bounded scans with a turn
// of the event loop between them (logBounds.ts READ_CHUNK): better-sqlite3 is synchronous, and a
// page of 10,000 events read at once held the loop 58-85 ms. No statement stays open across a
// turn (an open iterator would make the connection refuse every other request's statement).
import { READ_CHUNK } from '../logBounds';
import { nextTurn } from '../../nextTurn';
import type { LogEventGap, StoredLogEvent } from '../ports';

/**
 * What one scan costs beyond its rows, counted as rows: a group of many short streams (one per
 * import job) makes many small scans, each a statement run and an index seek.
 */
const SCAN_COST = 20;

/** A scanned row: hit is whether the message filter kept it (1) or not (0). */
export interface ScannedRow {
  seq: number; timestamp_ms: number; ingestion_ms: number; message: string; hit: number;
}

/** The next `scan` rows of stream `id` after gap (the filter applied to each, not to the count). */
export type ScanFn = (id: number, gap: LogEventGap, scan: number) => ScannedRow[];

/** One stream being merged: its rows read and not yet taken, and where its next scan starts. */
interface Cursor {
  id: number;
  name: string;
  gap: LogEventGap;
  rows: ScannedRow[];
  at: number;
  done: boolean;
  /** Rows its next scan reads: small at first (a group may have many streams), doubling. */
  scan: number;
}

const before = (a: Cursor, b: Cursor): boolean => {
  const x = a.rows[a.at], y = b.rows[b.at];
  return x.timestamp_ms !== y.timestamp_ms ? x.timestamp_ms < y.timestamp_ms
    : a.name !== b.name ? a.name < b.name : x.seq < y.seq;
};

/** Min-heap of cursors by their next kept row. */
class CursorHeap {
  private readonly h: Cursor[] = [];
  get size(): number { return this.h.length; }
  push(x: Cursor): void {
    const h = this.h;
    h.push(x);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(h[i], h[p])) break;
      [h[i], h[p]] = [h[p], h[i]];
      i = p;
    }
  }
  pop(): Cursor {
    const h = this.h;
    const top = h[0];
    const last = h.pop()!;
    if (h.length) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1, r = l + 1;
        let m = i;
        if (l < h.length && before(h[l], h[m])) m = l;
        if (r < h.length && before(h[r], h[m])) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m], h[i]];
        i = m;
      }
    }
    return top;
  }
}

/**
 * The first `limit` kept events of the streams, in (timestamp, name, seq) order. Each stream
 * starts after its own gap. The work of one turn (rows scanned plus events taken) stays near
 * READ_CHUNK, whatever the filter skips.
 */
export async function mergeStreams(streams: { id: number; name: string; gap: LogEventGap }[], limit: number, scanRows: ScanFn): Promise<StoredLogEvent[]> {
  const firstScan = Math.max(16, Math.min(READ_CHUNK, Math.floor(READ_CHUNK / streams.length)));
  let waiting: Cursor[] = streams.map((s) => ({ ...s, rows: [], at: 0, done: false, scan: firstScan }));
  const heap = new CursorHeap();
  const out: StoredLogEvent[] = [];
  let work = 0;
  while (out.length < limit) {
    // Every stream not done needs its next kept row in the heap before anything is taken.
    for (const c of waiting) {
      while (c.at >= c.rows.length && !c.done) {
        const rows = scanRows(c.id, c.gap, c.scan);
        if (rows.length < c.scan) c.done = true;
        if (rows.length) c.gap = { timestampMs: rows[rows.length - 1].timestamp_ms, seq: rows[rows.length - 1].seq };
        c.rows = rows.filter((r) => r.hit);
        c.at = 0;
        c.scan = Math.min(c.scan * 2, READ_CHUNK);
        if ((work += rows.length + SCAN_COST) >= READ_CHUNK) {
          work = 0;
          await nextTurn();
        }
      }
      if (c.at < c.rows.length) heap.push(c);
    }
    waiting = [];
    if (!heap.size) break;
    const c = heap.pop();
    const r = c.rows[c.at++];
    out.push({ streamName: c.name, seq: r.seq, timestampMs: r.timestamp_ms, ingestionMs: r.ingestion_ms, message: r.message });
    if (c.at < c.rows.length) heap.push(c);
    else waiting = [c];
    if (++work >= READ_CHUNK) {
      work = 0;
      await nextTurn();
    }
  }
  return out;
}
