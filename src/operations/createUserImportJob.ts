import type { Handler, Services } from './types';
import { LimitExceededException } from '../api/errors';
import { jobToWire, type JobRecord } from '../domain/importJob';
import { poolNotFound } from './lookups';

export const createUserImportJob = (s: Pick<Services, 'store' | 'clock' | 'ids' | 'uploads' | 'limits'>): Handler<'CreateUserImportJob'> =>
  async (input, ctx) => {
    if (!(await s.store.pools.poolExists(ctx.scope, input.UserPoolId))) throw poolNotFound(input.UserPoolId);
    const now = s.clock.now();
    const key = { accountId: ctx.scope.accountId, poolId: input.UserPoolId, jobId: s.ids.jobId() };
    const job: JobRecord = {
      ...key, jobName: input.JobName, status: 'Created', roleArn: input.CloudWatchLogsRoleArn,
      preSignedUrl: await s.uploads.urlFor(key, ctx.scope.region, now),
      passwordHashingAlgorithm: input.PasswordHashingAlgorithm, createdMs: now, imported: 0, skipped: 0, failed: 0,
    };
    if (!(await s.store.jobs.insertJob(job, s.limits.maxJobsPerPool))) {
      throw new LimitExceededException(`User pool ${input.UserPoolId} already has ${s.limits.maxJobsPerPool} import jobs, the most a pool can hold.`);
    }
    await s.uploads.jobCreated(key);
    return { UserImportJob: jobToWire(job) };
  };
