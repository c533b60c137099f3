import { InvalidParameterException } from '../../api/generated/logs';
import { decodeListToken, encodeListToken, logStreamArn } from '../../domain/logs';
import type { LogStreamQuery } from '../../store/ports';
import type { LogsHandler, Services } from '../types';
import { badNextToken, hasNul, requireGroup } from './common';

/** A group's streams (one per import job), by name or by last event time, 50 a page by default. */
export const describeLogStreams = (s: Pick<Services, 'store'>): LogsHandler<'DescribeLogStreams'> => async (input, ctx) => {
  const group = await requireGroup(s.store, ctx.scope, input);
  const orderBy = input.orderBy ?? 'LogStreamName';
  if (orderBy === 'LastEventTime' && input.logStreamNamePrefix !== undefined) {
    throw new InvalidParameterException('Cannot order by LastEventTime with a logStreamNamePrefix.'); // AWS
  }
  const descending = input.descending ?? false;
  const limit = input.limit ?? 50;
  const binding = [group, input.logStreamNamePrefix ?? null, orderBy, descending];
  let after: LogStreamQuery['after'];
  if (input.nextToken !== undefined) {
    const pos = decodeListToken(input.nextToken, 'logStreams', binding, ['number', 'string']);
    if (!pos) throw badNextToken();
    after = { lastEventMs: pos[0] as number, streamName: pos[1] as string };
  }
  // No stream name holds U+0000 (common.ts hasNul): nothing has such a prefix.
  if (input.logStreamNamePrefix !== undefined && hasNul(input.logStreamNamePrefix)) return { logStreams: [] };
  const rows = await s.store.logs.listStreams(ctx.scope, group, { prefix: input.logStreamNamePrefix, orderBy, descending, limit: limit + 1, after });
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    logStreams: page.map((st) => ({
      logStreamName: st.streamName,
      creationTime: st.createdMs,
      firstEventTimestamp: st.firstEventMs,
      lastEventTimestamp: st.lastEventMs,
      lastIngestionTime: st.lastIngestionMs,
      arn: logStreamArn(ctx.scope, group, st.streamName),
      storedBytes: st.storedBytes,
    })),
    nextToken: rows.length > limit ? encodeListToken('logStreams', binding, [last.lastEventMs ?? 0, last.streamName]) : undefined,
  };
};
