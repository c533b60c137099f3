import type { Handler, Services } from './types';
import { jobToWire, withExpiry } from '../domain/importJob';
import { poolNotFound } from './lookups';
import { decodePageToken, encodePageToken } from './pageToken';

/** The model caps UserImportJobsListType at 50 members (spec section 2). */
const PAGE_MAX = 50;

export const listUserImportJobs = (s: Pick<Services, 'store' | 'clock' | 'limits'>): Handler<'ListUserImportJobs'> =>
  async (input, ctx) => {
    if (!(await s.store.pools.poolExists(ctx.scope, input.UserPoolId))) throw poolNotFound(input.UserPoolId);
    const listOf = `jobs:${input.UserPoolId}`;
    const after = decodePageToken(listOf, input.PaginationToken, 'PaginationToken');
    const size = Math.min(input.MaxResults, PAGE_MAX);
    const rows = await s.store.jobs.listJobs(ctx.scope.accountId, input.UserPoolId, size + 1, after);
    const page = rows.slice(0, size);
    const last = page[page.length - 1];
    const now = s.clock.now();
    return {
      UserImportJobs: page.map((j) => jobToWire(withExpiry(j, now, s.limits.jobTtlMs))),
      PaginationToken: rows.length > size ? encodePageToken(listOf, { ms: last.createdMs, id: last.jobId }) : undefined,
    };
  };
