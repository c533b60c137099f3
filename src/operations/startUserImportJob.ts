import type { Handler, Services } from './types';
import { InvalidParameterException, PreconditionNotMetException } from '../api/errors';
import { jobToWire, withExpiry, type JobRecord } from '../domain/importJob';
import type { StoredPool } from '../domain/userPool';
import type { StartOutcome } from '../store/ports';
import { jobNotFound, requirePool } from './lookups';

/**
 * Created -> Pending (spec section 2). The store's startJob re-checks everything in one
 * transaction; the checks here let a missing file and then a pool without auto-verified
 * attributes be refused before anything changes, after the job's own state, as AWS orders its
 * errors, and let a file uploaded straight to S3 be found and frozen first.
 */
export const startUserImportJob = (s: Pick<Services, 'store' | 'clock' | 'limits' | 'uploads' | 'jobQueued'>): Handler<'StartUserImportJob'> =>
  async (input, ctx) => {
    const pool = await requirePool(s.store, ctx.scope, input.UserPoolId);
    const now = s.clock.now();
    const key = { accountId: ctx.scope.accountId, poolId: pool.id, jobId: input.JobId };
    const ttl = s.limits.jobTtlMs;
    const job = await s.store.jobs.findJob(key);
    if (!job) throw jobNotFound(input.JobId);
    if (withExpiry(job, now, ttl).status === 'Created') {
      if (!(await s.uploads.uploaded(job))) throw noUpload(input.JobId);
      requireAutoVerified(pool);
      // A file uploaded straight to the store is copied and attached here (src/operations/uploads.ts).
      if (!(await s.uploads.freeze(job))) throw noUpload(input.JobId);
    }
    const started = startedOrThrow(await s.store.jobs.startJob(key, now, now - ttl), input.JobId, now, ttl);
    s.jobQueued();
    return { UserImportJob: jobToWire(started) };
  };

const noUpload = (jobId: string): PreconditionNotMetException =>
  new PreconditionNotMetException(`No csv file was uploaded for ${jobId}`);

function requireAutoVerified(pool: StoredPool): void {
  if (pool.settings.AutoVerifiedAttributes?.length) return;
  throw new InvalidParameterException(`User pool ${pool.id} has no auto-verified attributes; imported users must verify an email or phone number to reset their password. Set AutoVerifiedAttributes with UpdateUserPool, then start the job.`);
}

function startedOrThrow(outcome: StartOutcome, jobId: string, now: number, ttl: number): JobRecord {
  switch (outcome.kind) {
    case 'started':
      return outcome.job;
    case 'not-found':
      throw jobNotFound(jobId);
    case 'not-startable':
      throw new InvalidParameterException(`Import job ${jobId} is ${withExpiry(outcome.job, now, ttl).status}; only a job in status Created can be started.`);
    case 'no-upload':
      throw noUpload(jobId);
    case 'account-busy':
      throw new PreconditionNotMetException(`Import job ${outcome.activeJobId} is already active in this account; only one import job can run at a time. Wait for it to finish or stop it, then start ${jobId}.`);
  }
}
