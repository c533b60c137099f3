import { InvalidParameterException } from '../../api/generated/logs';
import { decodeListToken, encodeListToken, logEventIds, parseFilterPattern } from '../../domain/logs';
import type { LogFilterQuery, LogMessageFilter } from '../../store/ports';
import type { LogsHandler, Services } from '../types';
import { encodeEventsAnswer } from './encodeAnswer';
import { badNextToken, hasNul, requireGroup, storableTime, streamNotFound } from './common';

/**
 * A group's events across its streams (all, logStreamNames, or logStreamNamePrefix), interleaved
 * by time, that match filterPattern's terms (domain/logs.ts parseFilterPattern). limit is
 * 1-10,000, 10,000 by default. nextToken is present only when more events match, and always
 * moves on, so the aws CLI's paginator ends and never sees the same token twice.
 * searchedLogStreams is deprecated in CloudWatch and left out; interleaved and unmask change nothing.
 */
export const filterLogEvents = (s: Pick<Services, 'store'>): LogsHandler<'FilterLogEvents'> => async (input, ctx) => {
  const group = await requireGroup(s.store, ctx.scope, input);
  if (input.logStreamNames !== undefined && input.logStreamNamePrefix !== undefined) {
    throw new InvalidParameterException('Cannot specify both logStreamNames and logStreamNamePrefix.'); // [OURS]
  }
  const parsed = parseFilterPattern(input.filterPattern);
  if ('error' in parsed) throw new InvalidParameterException(parsed.error);
  const limit = input.limit ?? 10000;
  const binding = [group, input.logStreamNames ?? null, input.logStreamNamePrefix ?? null, input.filterPattern ?? '',
    input.startTime ?? null, input.endTime ?? null];
  let after: LogFilterQuery['after'];
  if (input.nextToken !== undefined) {
    const pos = decodeListToken(input.nextToken, 'logEvents', binding, ['number', 'string', 'number']);
    if (!pos) throw badNextToken();
    after = { timestampMs: pos[0] as number, streamName: pos[1] as string, seq: pos[2] as number };
  }
  // Names and terms with U+0000 match nothing (common.ts hasNul): a named stream with one does
  // not exist, as a missing name answers; a prefix or a term that must appear finds no event.
  if (input.logStreamNames?.some(hasNul)) throw streamNotFound();
  const filter = parsed.filter && withoutNulTerms(parsed.filter);
  if ((input.logStreamNamePrefix !== undefined && hasNul(input.logStreamNamePrefix)) || filter === 'nothing') return { events: [] };
  const events = await s.store.logs.filterEvents(ctx.scope, group, {
    streamNames: input.logStreamNames, streamPrefix: input.logStreamNamePrefix,
    startMs: storableTime(input.startTime), endMs: storableTime(input.endTime), filter, after, limit: limit + 1,
  });
  if (!events) throw streamNotFound();
  const page = events.slice(0, limit);
  const last = page[page.length - 1];
  const eventId = logEventIds(ctx.scope, group);
  return encodeEventsAnswer('FilterLogEventsResponse', 'FilteredLogEvents', page, (e) => ({
    logStreamName: e.streamName,
    timestamp: e.timestampMs,
    message: e.message,
    ingestionTime: e.ingestionMs,
    eventId: eventId(e.streamName, e.timestampMs, e.seq),
  }), { nextToken: events.length > limit ? encodeListToken('logEvents', binding, [last.timestampMs, last.streamName, last.seq]) : undefined });
};

/**
 * The filter without terms holding U+0000: such a term is in no message, so a clause that needs
 * it matches nothing and one that excludes it excludes nothing. 'nothing' when no clause is left.
 */
function withoutNulTerms(filter: LogMessageFilter): LogMessageFilter | 'nothing' {
  const clauses = filter.clauses.filter((c) => !c.include.some(hasNul)).map((c) => ({ include: c.include, exclude: c.exclude.filter((t) => !hasNul(t)) }));
  return clauses.length ? { clauses } : 'nothing';
}
