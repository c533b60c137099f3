import { decodeEventToken, encodeEventToken, MAX_SEQ, type EventDirection } from '../../domain/logs';
import type { LogEventGap } from '../../store/ports';
import type { LogsHandler, Services } from '../types';
import { encodeEventsAnswer } from './encodeAnswer';
import { badNextToken, groupNameOf, groupNotFound, hasNul, storableTime, streamNotFound } from './common';

/**
 * One stream's events, oldest first in each page, as CloudWatch pages them (API_GetLogEvents):
 * - no token: the first `limit` events (startFromHead) or the last `limit` (the default);
 * - `f/…` token (nextForwardToken): the events after the page it came from;
 * - `b/…` token (nextBackwardToken): the events before the page it came from.
 * The token's direction decides, whatever startFromHead says. When a direction has no more
 * events, its next token is the token given, unchanged: that is how the aws CLI and the SDKs'
 * paginators (stopOnSameToken) know to stop. startTime (inclusive) and endTime (exclusive) apply
 * to every page; limit is 1-10,000, 10,000 by default.
 */
export const getLogEvents = (s: Pick<Services, 'store'>): LogsHandler<'GetLogEvents'> => async (input, ctx) => {
  const group = groupNameOf(ctx.scope, input);
  if (group === undefined) throw groupNotFound();
  const stream = input.logStreamName;
  const notFound = async (): Promise<Error> => ((await s.store.logs.groupExists(ctx.scope, group)) ? streamNotFound() : groupNotFound());
  if (hasNul(stream)) throw await notFound();
  const startTime = storableTime(input.startTime);
  const endTime = storableTime(input.endTime);
  let direction: EventDirection = input.startFromHead ? 'forward' : 'backward';
  let from: LogEventGap | undefined;
  if (input.nextToken !== undefined) {
    const t = decodeEventToken(input.nextToken, ctx.scope, group, stream);
    if (!t) {
      // A missing stream is the better answer than its token being wrong.
      if (!(await s.store.logs.readEvents(ctx.scope, group, stream, { direction: 'forward', limit: 0 }))) throw await notFound();
      throw badNextToken();
    }
    direction = t.dir;
    from = t.gap;
  }
  const events = await s.store.logs.readEvents(ctx.scope, group, stream, {
    startMs: startTime, endMs: endTime, direction, from, limit: input.limit ?? 10000,
  });
  if (!events) throw await notFound();

  const token = (dir: EventDirection, gap: LogEventGap): string => encodeEventToken(dir, gap, ctx.scope, group, stream);
  let forward: string;
  let backward: string;
  if (events.length) {
    const first = events[0];
    const last = events[events.length - 1];
    forward = token('forward', { timestampMs: last.timestampMs, seq: last.seq });
    backward = token('backward', { timestampMs: first.timestampMs, seq: first.seq - 1 });
  } else {
    // Nothing this way: both tokens stay where the reading stood, the given one unchanged.
    const gap = from ?? (direction === 'backward' && endTime !== undefined
      ? { timestampMs: endTime - 1, seq: MAX_SEQ }
      : { timestampMs: startTime ?? 0, seq: -1 });
    forward = token('forward', gap);
    backward = token('backward', gap);
    if (input.nextToken !== undefined) {
      if (direction === 'forward') forward = input.nextToken;
      else backward = input.nextToken;
    }
  }
  return encodeEventsAnswer('GetLogEventsResponse', 'OutputLogEvents', events,
    (e) => ({ timestamp: e.timestampMs, message: e.message, ingestionTime: e.ingestionMs }),
    { nextForwardToken: forward, nextBackwardToken: backward });
};
