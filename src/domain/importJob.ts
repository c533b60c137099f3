// Import jobs: states, the messages Cognito uses, lazy expiry and the wire form (spec sections 2 and 4).
import type { PasswordHashingAlgorithmType, UserImportJobStatusType, UserImportJobType } from '../api/generated/cognitoIdp';

export type JobStatus = UserImportJobStatusType;

export interface JobKey {
  accountId: string;
  poolId: string;
  jobId: string;
}

export interface JobRecord extends JobKey {
  jobName: string;
  status: JobStatus;
  roleArn: string;
  preSignedUrl: string;
  passwordHashingAlgorithm?: PasswordHashingAlgorithmType;
  createdMs: number;
  startedMs?: number;
  completedMs?: number;
  imported: number;
  skipped: number;
  failed: number;
  completionMessage?: string;
  /** Where the uploaded CSV is, once one was uploaded. */
  blobKey?: string;
}

/** CompletionMessage strings, exactly as Cognito writes them (spec section 4). */
export const MESSAGES = {
  succeeded: 'Import Job Completed Successfully.',
  tooManyFailed: 'Too many users have failed or been skipped during the import.',
  stopped: 'The Import Job was stopped by the developer.',
  expired: 'The user import job has expired.',
} as const;

/**
 * How the import engine ends a job it holds: with the rows' verdict (or a bad file's message,
 * and optionally one job-level log event), or Stopped because a stop was asked (it is Stopping).
 */
export type JobEnd =
  | { status: 'Succeeded' | 'Failed'; message: string; jobEvent?: string }
  | { status: 'Stopped' };

/**
 * The status and CompletionMessage a job ends with, given its status when it ends: a stop asked
 * while the last batch ran wins over the rows' verdict (spec section 2).
 */
export function jobEnding(current: JobStatus, end: JobEnd): { status: 'Succeeded' | 'Failed' | 'Stopped'; message: string } {
  if (end.status === 'Stopped' || current === 'Stopping') return { status: 'Stopped', message: MESSAGES.stopped };
  return { status: end.status, message: end.message };
}

/** Pending, InProgress and Stopping hold the account's single active slot (spec section 3, limits). */
export const ACTIVE_STATUSES: readonly JobStatus[] = ['Pending', 'InProgress', 'Stopping'];

/** A job still Created after its time to live is Expired, whether or not the sweeper has run yet. */
export function withExpiry(job: JobRecord, nowMs: number, ttlMs: number): JobRecord {
  if (job.status !== 'Created' || nowMs < job.createdMs + ttlMs) return job;
  return { ...job, status: 'Expired', completedMs: job.createdMs + ttlMs, completionMessage: MESSAGES.expired, blobKey: undefined };
}

/**
 * [OURS] The final-status rule (spec section 4): Failed when nothing was imported and some rows
 * were not, or when failed + skipped exceeds imported; Succeeded otherwise.
 */
export function finalStatus(c: { imported: number; skipped: number; failed: number }): 'Succeeded' | 'Failed' {
  const notImported = c.failed + c.skipped;
  if (c.imported === 0 && notImported > 0) return 'Failed';
  return notImported > c.imported ? 'Failed' : 'Succeeded';
}

export function jobToWire(j: JobRecord): UserImportJobType {
  return {
    JobName: j.jobName,
    JobId: j.jobId,
    UserPoolId: j.poolId,
    PreSignedUrl: j.preSignedUrl,
    CreationDate: new Date(j.createdMs),
    StartDate: j.startedMs === undefined ? undefined : new Date(j.startedMs),
    CompletionDate: j.completedMs === undefined ? undefined : new Date(j.completedMs),
    Status: j.status,
    CloudWatchLogsRoleArn: j.roleArn,
    ImportedUsers: j.imported,
    SkippedUsers: j.skipped,
    FailedUsers: j.failed,
    CompletionMessage: j.completionMessage,
    PasswordHashingAlgorithm: j.passwordHashingAlgorithm,
  };
}
