import type { Handler, Services } from './types';
import { jobToWire, withExpiry } from '../domain/importJob';
import { requireJob } from './lookups';

export const describeUserImportJob = (s: Pick<Services, 'store' | 'clock' | 'limits'>): Handler<'DescribeUserImportJob'> =>
  async (input, ctx) => {
    const job = await requireJob(s.store, ctx.scope, input.UserPoolId, input.JobId);
    return { UserImportJob: jobToWire(withExpiry(job, s.clock.now(), s.limits.jobTtlMs)) };
  };
