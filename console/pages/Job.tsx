// One import job: its row (status, progress, Start/Stop) kept live, its details, its failed or
// skipped rows as a CSV to fix and import again (the server's extension route), and each row's
// outcome from its log stream.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { CreateUserImportJobCommand, DescribeUserImportJobCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { Api, ApiError } from '../aws';
import { ENDED, JobFeed, rememberRows, useJob } from '../feed';
import { fileSafe, saveFile, when } from '../format';
import { JobPoller } from '../poller';
import { href } from '../router';
import { ErrorBox, useAction } from '../ui';
import { UploadHelp, useBucketUpload } from './UploadHelp';
import { JobRow } from './JobList';
import { usePool } from './Pool';
import { RowOutcomes } from './RowOutcomes';

export function Job({ api, poolId, jobId }: { api: Api; poolId: string; jobId: string }) {
  const { pool, error: poolError } = usePool(api, poolId);
  const feed = useMemo(() => new JobFeed(), [api, poolId, jobId]);
  const [pollError, setPollError] = useState<ApiError | undefined>();
  const poller = useMemo(() => new JobPoller({
    api, poolId, feed, onError: setPollError,
    fetch: async () => [(await api.cognito.send(new DescribeUserImportJobCommand({ UserPoolId: poolId, JobId: jobId }))).UserImportJob!],
  }), [feed]);
  useEffect(() => {
    poller.kick();
    return () => poller.stop();
  }, [poller]);
  const view = useJob(feed, jobId);
  const job = view?.job;

  return (
    <main>
      <p class="crumbs">
        <a href={href.pools()}>User pools</a> / <a href={href.pool(poolId)}>{pool?.Name ?? poolId}</a> / {job?.JobName ?? jobId}
      </p>
      <h1>Import job {job?.JobName ?? jobId}</h1>
      <ErrorBox error={poolError} />
      <ErrorBox error={pollError} />
      {job && <JobRow api={api} poolId={poolId} feed={feed} poller={poller} jobId={jobId} link={false} />}
      {job && (
        <dl class="facts">
          <dt>ID</dt><dd><code>{job.JobId}</code></dd>
          <dt>Created</dt><dd>{when(job.CreationDate)}</dd>
          <dt>Started</dt><dd>{when(job.StartDate) || 'not yet'}</dd>
          <dt>Completed</dt><dd>{when(job.CompletionDate) || 'not yet'}</dd>
          {job.PasswordHashingAlgorithm && <><dt>Password hashing algorithm</dt><dd>{job.PasswordHashingAlgorithm}</dd></>}
          <dt>CloudWatch Logs role</dt><dd><code>{job.CloudWatchLogsRoleArn}</code></dd>
        </dl>
      )}
      {job && ENDED.has(job.Status ?? '') && (job.FailedUsers || job.SkippedUsers) ? (
        <RowFiles api={api} poolId={poolId} jobId={jobId} jobName={job.JobName ?? jobId} roleArn={job.CloudWatchLogsRoleArn ?? ''}
          algorithm={job.PasswordHashingAlgorithm} failed={job.FailedUsers ?? 0} skipped={job.SkippedUsers ?? 0} />
      ) : null}
      {pool && job && <RowOutcomes api={api} poolId={poolId} poolName={pool.Name ?? ''} job={job} />}
    </main>
  );
}

/** The failed and skipped rows with the file's header: download, or import again as a new job. */
function RowFiles({ api, poolId, jobId, jobName, roleArn, algorithm, failed, skipped }: {
  api: Api; poolId: string; jobId: string; jobName: string; roleArn: string; algorithm: string | undefined; failed: number; skipped: number;
}) {
  const action = useAction();
  const bucket = useBucketUpload();
  const rows = async (outcome: 'FAILED' | 'SKIPPED'): Promise<string> => (await api.ext(
    `/user-pools/${encodeURIComponent(poolId)}/import-jobs/${encodeURIComponent(jobId)}/rows.csv`, { outcome },
  )).text();
  const download = (outcome: 'FAILED' | 'SKIPPED'): Promise<void> => action.run(async () => {
    saveFile(`${fileSafe(jobName)}-${outcome.toLowerCase()}.csv`, await rows(outcome));
  });
  const rerun = (): Promise<void> => action.run(async () => {
    bucket.clear();
    const text = await rows('FAILED');
    const name = `${jobName}-failed`.slice(0, 128);
    const job = (await api.cognito.send(new CreateUserImportJobCommand({
      UserPoolId: poolId, JobName: name, CloudWatchLogsRoleArn: roleArn, PasswordHashingAlgorithm: algorithm as never,
    }))).UserImportJob!;
    const dataRows = text.split('\n').slice(1).filter((l) => l.replace(/\r$/, '') !== '').length;
    rememberRows(job.JobId!, dataRows);
    // Named as "Download failed rows" saves it, for the curl command should the bucket refuse the page.
    await bucket.upload(job.PreSignedUrl!, new Blob([text], { type: 'text/csv' }), `${fileSafe(jobName)}-failed.csv`, job.JobId!);
    // Its page, where it is started.
    location.hash = href.job(poolId, job.JobId!);
  });
  const retry = (): Promise<void> => action.run(async () => {
    const done = await bucket.again();
    if (done) location.hash = href.job(poolId, done.jobId);
  });
  return (
    <section class="panel" aria-labelledby="row-files-title">
      <h2 id="row-files-title">Rows to import again</h2>
      <p>The rows that failed or were skipped, as a CSV file with the job's header and their original lines: fix them and import them again.</p>
      <p class="actions">
        {failed > 0 && <button type="button" disabled={action.busy} onClick={() => void download('FAILED')}>Download failed rows</button>}
        {skipped > 0 && <button type="button" disabled={action.busy} onClick={() => void download('SKIPPED')}>Download skipped rows</button>}
        {failed > 0 && <button type="button" disabled={action.busy} onClick={() => void rerun()}>Import failed rows as a new job</button>}
      </p>
      <ErrorBox error={action.error} />
      <UploadHelp error={bucket.refused} onRetry={() => void retry()} busy={action.busy} file={bucket.refusedBody} />
    </section>
  );
}
