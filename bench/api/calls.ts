// The calls each load sends: DescribeUserImportJob of one job, or the mixed load.
import type { Call } from './signing';
import { residentUser, type World } from './world';

const describe = (poolId: string, jobId: string): Call => ({ op: 'DescribeUserImportJob', body: JSON.stringify({ UserPoolId: poolId, JobId: jobId }) });

/** Describe of the job being imported, over and over. */
export const describeImporting = (w: World): Call[] => [describe(w.importPool, w.importJob)];

/** Describe of a job nobody writes to (Created), over and over. */
export const describeIdle = (w: World): Call[] => [describe(w.pool, w.idleJobs[0])];

/**
 * The mixed load, in equal parts: Describe of the importing job, Describe of the idle jobs,
 * ListUserImportJobs of either pool, ListUsers (first page, 60 users) of the filled pool and
 * AdminGetUser of its users, spread over the pool. `n` calls, as many as requests are signed.
 */
export function mixed(w: World, n: number, poolUsers: number): Call[] {
  const calls: Call[] = [];
  for (let i = 0; calls.length < n; i++) {
    calls.push(
      describe(w.importPool, w.importJob),
      describe(w.pool, w.idleJobs[i % w.idleJobs.length]),
      { op: 'ListUserImportJobs', body: JSON.stringify({ UserPoolId: i % 2 ? w.importPool : w.pool, MaxResults: 10 }) },
      { op: 'ListUsers', body: JSON.stringify({ UserPoolId: w.pool }) },
      { op: 'AdminGetUser', body: JSON.stringify({ UserPoolId: w.pool, Username: residentUser((i * 7919) % poolUsers) }) },
    );
  }
  return calls.slice(0, n);
}
