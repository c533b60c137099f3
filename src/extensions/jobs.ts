// What the extension routes read of an import job (docs/extensions.md): its summary with the
// file's row count, and the checks before its rows are picked out of its file. The caller's
// scope decides what exists, as in the API: another account's pool is not found.
import { PreconditionNotMetException } from '../api/errors';
import type { BlobStore } from '../blobs/ports';
import type { Clock } from '../domain/clock';
import { withExpiry, type JobRecord, type JobStatus } from '../domain/importJob';
import { jobNotFound, requirePool } from '../operations/lookups';
import type { Scope, Store } from '../store/ports';

export interface JobReadDeps {
  store: Store;
  blobs: BlobStore;
  clock: Clock;
  /** A Created job not started within this long is Expired (src/config.ts). */
  jobTtlMs: number;
}

/** The statuses of a job that ran and will not run again: its rows have their outcomes. */
const ENDED: readonly JobStatus[] = ['Succeeded', 'Failed', 'Stopped'];

export interface JobSummary {
  JobId: string;
  Status: JobStatus;
  /** The file's data rows as the import engine counted them before its first row; null before. */
  TotalRows: number | null;
  ImportedUsers: number;
  SkippedUsers: number;
  FailedUsers: number;
  /** The job has ended and its file is still kept: rows.csv can be asked for. */
  FileAvailable: boolean;
}

/** The job of a pool in scope, with its pool's name and lazy expiry applied (as DescribeUserImportJob shows it). */
export async function findJob(d: JobReadDeps, scope: Scope, poolId: string, jobId: string): Promise<{ job: JobRecord; poolName: string }> {
  const pool = await requirePool(d.store, scope, poolId);
  const job = await d.store.jobs.findJob({ accountId: scope.accountId, poolId, jobId });
  if (!job) throw jobNotFound(jobId);
  return { job: withExpiry(job, d.clock.now(), d.jobTtlMs), poolName: pool.name };
}

/** Whether the job's uploaded file is still in the blob store. */
async function fileKept(blobs: BlobStore, job: JobRecord): Promise<boolean> {
  return job.blobKey !== undefined && (await blobs.stat(job.blobKey)) !== undefined;
}

export async function jobSummary(d: JobReadDeps, scope: Scope, poolId: string, jobId: string): Promise<JobSummary> {
  const { job } = await findJob(d, scope, poolId, jobId);
  const totalRows = await d.store.jobs.totalRows(job);
  return {
    JobId: job.jobId, Status: job.status, TotalRows: totalRows ?? null,
    ImportedUsers: job.imported, SkippedUsers: job.skipped, FailedUsers: job.failed,
    // Asked of the blob store only for an ended job: a running job is reading its file.
    FileAvailable: ENDED.includes(job.status) && await fileKept(d.blobs, job),
  };
}

/**
 * The job, ended and with its file still kept, and the blob key of the file; otherwise
 * PreconditionNotMetException saying which of the two is not so.
 */
export async function endedJobWithFile(d: JobReadDeps, scope: Scope, poolId: string, jobId: string): Promise<{ job: JobRecord; poolName: string; blobKey: string }> {
  const found = await findJob(d, scope, poolId, jobId);
  const { job } = found;
  if (job.status === 'Expired') {
    throw new PreconditionNotMetException(`Import job ${jobId} expired without being started: it has no row outcomes, and its file was deleted when it expired.`);
  }
  if (!ENDED.includes(job.status)) {
    throw new PreconditionNotMetException(`Import job ${jobId} is ${job.status}: its rows can be listed once it has ended (Succeeded, Failed or Stopped).`);
  }
  if (!(await fileKept(d.blobs, job))) {
    throw new PreconditionNotMetException(`The CSV file of import job ${jobId} is no longer kept (it expired from the blob store or was deleted), so its rows cannot be listed; the job's log still has each row's outcome.`);
  }
  return { ...found, blobKey: job.blobKey! };
}
