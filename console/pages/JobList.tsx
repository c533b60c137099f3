// A pool's import jobs, newest first. Each job is a row of its own that re-renders only when its
// job changes (feed.ts): the status text next to the progress bar, the counters, Start and Stop.
import { ListUserImportJobsCommand, StartUserImportJobCommand, StopUserImportJobCommand } from '@aws-sdk/client-cognito-identity-provider';
import { useState } from 'preact/hooks';
import type { Api, ApiError } from '../aws';
import { processed, useJob, useJobIds, type JobFeed } from '../feed';
import { when } from '../format';
import type { JobPoller } from '../poller';
import { href } from '../router';
import { ErrorBox, ProgressBar, useAction } from '../ui';

export function JobList({ api, poolId, feed, poller, error, olderToken }: {
  api: Api; poolId: string; feed: JobFeed; poller: JobPoller; error: ApiError | undefined;
  /** The first page's PaginationToken: there are older jobs than the page shows. */
  olderToken: string | undefined;
}) {
  const ids = useJobIds(feed);
  // The token of the next older page, once "Show older jobs" was used; null: not used yet.
  const [older, setOlder] = useState<string | undefined | null>(null);
  const token = older === null ? olderToken : older;
  const more = useAction();
  const showOlder = (): Promise<void> => more.run(async () => {
    const r = await api.cognito.send(new ListUserImportJobsCommand({ UserPoolId: poolId, MaxResults: 50, PaginationToken: token }));
    feed.put(r.UserImportJobs ?? []);
    setOlder(r.PaginationToken);
  });
  return (
    <section aria-labelledby="jobs-title">
      <h2 id="jobs-title">Import jobs</h2>
      <p class="actions"><button type="button" class="secondary" onClick={() => poller.kick()}>Refresh jobs</button></p>
      <ErrorBox error={error} />
      {ids.length === 0 && <p>No import job yet.</p>}
      <div class="jobs">
        {ids.map((id) => <JobRow key={id} api={api} poolId={poolId} feed={feed} poller={poller} jobId={id} />)}
      </div>
      {token !== undefined && (
        <button type="button" class="secondary" disabled={more.busy} onClick={() => void showOlder()}>Show older jobs</button>
      )}
      <ErrorBox error={more.error} />
    </section>
  );
}

export function JobRow({ api, poolId, feed, poller, jobId, link = true }: {
  api: Api; poolId: string; feed: JobFeed; poller: JobPoller; jobId: string; link?: boolean;
}) {
  const view = useJob(feed, jobId);
  const action = useAction();
  if (!view) return null;
  const { job } = view;
  const done = processed(job);
  // A job that Succeeded ran every row of its file: its count is the file's.
  const total = view.total ?? (job.Status === 'Succeeded' ? done : undefined);
  const nameId = `job-${jobId}-name`;
  const act = (what: 'start' | 'stop'): Promise<void> => action.run(async () => {
    const input = { UserPoolId: poolId, JobId: jobId };
    const r = await api.cognito.send(what === 'start' ? new StartUserImportJobCommand(input) : new StopUserImportJobCommand(input));
    if (r.UserImportJob) feed.put([r.UserImportJob]);
    poller.kick();
  });
  return (
    <article class="job" aria-labelledby={nameId}>
      <h3 id={nameId}>{link ? <a href={href.job(poolId, jobId)}>{job.JobName}</a> : job.JobName}</h3>
      <p class="sub"><code>{jobId}</code> · created {when(job.CreationDate)}</p>
      <div class="progress">
        <ProgressBar label={`Rows processed by ${job.JobName}`} done={done} total={total} />
        <span class={`status s-${job.Status}`}>{job.Status}</span>
      </div>
      <p class="counters">
        Imported {job.ImportedUsers ?? 0} · Skipped {job.SkippedUsers ?? 0} · Failed {job.FailedUsers ?? 0}
        {total !== undefined && ` · ${done} of ${total} rows`}
      </p>
      {job.CompletionMessage && <p class="message">{job.CompletionMessage}</p>}
      <p class="actions">
        {job.Status === 'Created' && <button type="button" disabled={action.busy} onClick={() => void act('start')}>Start</button>}
        {(job.Status === 'Pending' || job.Status === 'InProgress') && (
          <button type="button" disabled={action.busy} onClick={() => void act('stop')}>Stop</button>
        )}
      </p>
      <ErrorBox error={action.error} />
    </article>
  );
}
