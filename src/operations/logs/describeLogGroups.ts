import { InvalidParameterException } from '../../api/generated/logs';
import { decodeListToken, encodeListToken, logGroupArn, logGroupArnWildcard } from '../../domain/logs';
import type { LogsHandler, Services } from '../types';
import { badNextToken } from './common';

/**
 * The caller's log groups by name (one per user pool that ran an import), 50 a page by default.
 * Every group is STANDARD with no metric filters; accountIdentifiers and includeLinkedAccounts
 * name no other accounts here, so they change nothing.
 */
export const describeLogGroups = (s: Pick<Services, 'store'>): LogsHandler<'DescribeLogGroups'> => async (input, ctx) => {
  if (input.logGroupNamePrefix !== undefined && input.logGroupNamePattern !== undefined) {
    throw new InvalidParameterException('LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.'); // AWS
  }
  const limit = input.limit ?? 50;
  const binding = [input.logGroupNamePrefix ?? null, input.logGroupNamePattern ?? null];
  let afterName: string | undefined;
  if (input.nextToken !== undefined) {
    const pos = decodeListToken(input.nextToken, 'logGroups', binding, ['string']);
    if (!pos) throw badNextToken();
    afterName = pos[0] as string;
  }
  if (input.logGroupClass === 'INFREQUENT_ACCESS') return { logGroups: [] };
  const rows = await s.store.logs.listGroups(ctx.scope, {
    prefix: input.logGroupNamePrefix, pattern: input.logGroupNamePattern || undefined, limit: limit + 1, afterName,
  });
  const page = rows.slice(0, limit);
  return {
    logGroups: page.map((g) => ({
      logGroupName: g.groupName,
      creationTime: g.createdMs,
      metricFilterCount: 0,
      arn: logGroupArnWildcard(ctx.scope, g.groupName),
      storedBytes: g.storedBytes,
      logGroupClass: 'STANDARD' as const,
      logGroupArn: logGroupArn(ctx.scope, g.groupName),
    })),
    nextToken: rows.length > limit ? encodeListToken('logGroups', binding, [page[page.length - 1].groupName]) : undefined,
  };
};
