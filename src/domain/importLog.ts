// The log line of each data row (spec section 6): `[SUCCEEDED] Line Number 5956 - The import succeeded.`
// Row numbers count data rows from 1, the header not counted. No user data ever goes in a line.
export const rowSucceeded = (line: number): string => `[SUCCEEDED] Line Number ${line} - The import succeeded.`;
export const rowSkipped = (line: number): string => `[SKIPPED] Line Number ${line} - The user already exists.`;
export const rowFailed = (line: number, reason: string): string => `[FAILED] Line Number ${line} - ${reason}`;

/** [OURS] spec section 4: an alias value another user holds fails the row. */
export const aliasTakenReason = (kind: string): string =>
  `The ${kind} column holds a value another user of this pool already uses as a sign-in alias; aliases must be unique in a pool.`;

/** A data row's line in the job's log, from its outcome: imported, skipped, or failed with a reason. */
export function rowMessage(line: number, outcome: 'created' | 'exists' | { aliasTaken: string } | { failed: string }): string {
  if (outcome === 'created') return rowSucceeded(line);
  if (outcome === 'exists') return rowSkipped(line);
  return rowFailed(line, 'failed' in outcome ? outcome.failed : aliasTakenReason(outcome.aliasTaken));
}

/** [OURS] A job-level failure is logged too: one event (seq 0) at the time the job ended. */
export const jobFailed = (message: string): string => `[FAILED] ${message}`;

/**
 * `/aws/cognito/userpools/<poolId>/<poolName>` (spec section 6). [OURS] A pool name may hold
 * characters a CloudWatch log group name may not (spaces, + = , @): each becomes `_`, so the
 * group can be read with the Logs API.
 */
export const logGroupName = (poolId: string, poolName: string): string =>
  `/aws/cognito/userpools/${poolId}/${poolName.replace(/[^.\-_/#A-Za-z0-9]/g, '_')}`;
export const logStreamName = (jobId: string, jobName: string): string => `${jobId}/${jobName}`;
