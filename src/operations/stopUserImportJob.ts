import type { Handler, Services } from './types';
import { InvalidParameterException } from '../api/errors';
import { jobToWire, MESSAGES, withExpiry } from '../domain/importJob';
import { jobNotFound, poolNotFound } from './lookups';

export const stopUserImportJob = (s: Pick<Services, 'store' | 'clock' | 'limits'>): Handler<'StopUserImportJob'> =>
  async (input, ctx) => {
    if (!(await s.store.pools.poolExists(ctx.scope, input.UserPoolId))) throw poolNotFound(input.UserPoolId);
    const now = s.clock.now();
    const outcome = await s.store.jobs.stopJob({ accountId: ctx.scope.accountId, poolId: input.UserPoolId, jobId: input.JobId }, now, MESSAGES.stopped);
    switch (outcome.kind) {
      case 'not-found':
        throw jobNotFound(input.JobId);
      case 'not-stoppable': {
        const status = withExpiry(outcome.job, now, s.limits.jobTtlMs).status;
        throw new InvalidParameterException(`Import job ${input.JobId} is ${status}; only a Pending or InProgress job can be stopped.`);
      }
      default:
        return { UserImportJob: jobToWire(outcome.job) };
    }
  };
