// The CloudWatch Logs side of the storage ports (src/store/ports.ts re-exports it): a job's log
// events, streams and groups, and the queries GetLogEvents, DescribeLogStreams, DescribeLogGroups
// and FilterLogEvents make of them.
import type { Scope } from './ports';

export interface LogEventRecord {
  timestampMs: number;
  ingestionMs: number;
  message: string;
  /** The line number for row events; 0 for job-level events. Never negative. */
  seq: number;
}

export interface LogStreamRecord {
  groupName: string;
  streamName: string;
  createdMs: number;
  firstEventMs?: number;
  lastEventMs?: number;
  lastIngestionMs?: number;
  /** UTF-8 bytes of the stream's messages. */
  storedBytes: number;
}

export interface LogGroupRecord {
  groupName: string;
  createdMs: number;
  /** The sum of its streams' storedBytes. */
  storedBytes: number;
}

/** A stream's event as read back, with the stream it belongs to. */
export type StoredLogEvent = LogEventRecord & { streamName: string };

/**
 * A place between two events of a stream. A stream's events are ordered as CloudWatch orders
 * them, by timestamp, and by seq within a millisecond: the events with (timestampMs, seq) less
 * than or equal to the gap's are before it, the others after it.
 */
export interface LogEventGap {
  timestampMs: number;
  seq: number;
}

/** One page of a stream's events (GetLogEvents). */
export interface LogEventQuery {
  /** Only events with startMs <= timestamp < endMs (CloudWatch's startTime / endTime). */
  startMs?: number;
  endMs?: number;
  /**
   * 'forward': the first `limit` events after `from` (from the oldest when absent);
   * 'backward': the last `limit` events before `from` (up to the newest when absent).
   * Either way they come back oldest first.
   */
  direction: 'forward' | 'backward';
  from?: LogEventGap;
  limit: number;
}

/** One page of a group's streams (DescribeLogStreams). */
export interface LogStreamQuery {
  prefix?: string;
  /** LastEventTime orders by lastEventMs (a stream without events counts as 0), then by name. */
  orderBy: 'LogStreamName' | 'LastEventTime';
  descending: boolean;
  limit: number;
  /** The last stream of the previous page: this page goes on after it, in the same order. */
  after?: { streamName: string; lastEventMs: number };
}

/** One page of a group's log groups (DescribeLogGroups). */
export interface LogGroupQuery {
  prefix?: string;
  /** Case-insensitive substring of the name (logGroupNamePattern). */
  pattern?: string;
  limit: number;
  afterName?: string;
}

/**
 * Which messages a filter keeps (case-sensitive substrings): those where some clause has all of
 * its `include` terms and none of its `exclude` terms. See parseFilterPattern in domain/logs.ts.
 */
export interface LogMessageFilter {
  clauses: { include: string[]; exclude: string[] }[];
}

/** One page of a group's events across streams (FilterLogEvents). */
export interface LogFilterQuery {
  /** Exact stream names; or streamPrefix; or every stream of the group. */
  streamNames?: string[];
  streamPrefix?: string;
  startMs?: number;
  endMs?: number;
  filter?: LogMessageFilter;
  /** The last event of the previous page: events are ordered by (timestampMs, streamName, seq). */
  after?: { timestampMs: number; streamName: string; seq: number };
  limit: number;
}

export interface LogStore {
  /**
   * Appends events to a stream, creating its group and stream if needed, in one transaction.
   * Idempotent by seq: an event whose (stream, seq) is already stored is ignored.
   */
  appendEvents(scope: Scope, groupName: string, streamName: string, events: LogEventRecord[]): Promise<void>;
  /** By name. */
  listGroups(scope: Scope, q: LogGroupQuery): Promise<LogGroupRecord[]>;
  listStreams(scope: Scope, groupName: string, q: LogStreamQuery): Promise<LogStreamRecord[]>;
  groupExists(scope: Scope, groupName: string): Promise<boolean>;
  /** Events of one stream, oldest first, or undefined when the stream (or its group) does not exist. */
  readEvents(scope: Scope, groupName: string, streamName: string, q: LogEventQuery): Promise<StoredLogEvent[] | undefined>;
  /**
   * Events of a group's streams in (timestampMs, streamName, seq) order. undefined when one of
   * q.streamNames does not exist (the caller checks the group first).
   */
  filterEvents(scope: Scope, groupName: string, q: LogFilterQuery): Promise<StoredLogEvent[] | undefined>;
}
