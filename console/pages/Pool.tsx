// A user pool: what it is, its CSV header as a template file, a form to create an import job,
// and its import jobs, newest first, live while one runs.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { DescribeUserPoolCommand, GetCSVHeaderCommand, ListUserImportJobsCommand, type UserPoolType } from '@aws-sdk/client-cognito-identity-provider';
import type { Api, ApiError } from '../aws';
import { JobFeed } from '../feed';
import { fileSafe, saveFile } from '../format';
import { JobPoller } from '../poller';
import { href } from '../router';
import { ErrorBox, useAction } from '../ui';
import { CreateJob } from './CreateJob';
import { JobList } from './JobList';

const JOBS_PAGE = 50;

/** DescribeUserPool for a page, with its error; reload() asks again, keeping what is shown meanwhile. */
export function usePool(api: Api, poolId: string): { pool: UserPoolType | undefined; error: ApiError | undefined; reload(): void } {
  const [pool, setPool] = useState<UserPoolType | undefined>();
  const load = useAction();
  const reload = (): void => {
    void load.run(async () => setPool((await api.cognito.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool));
  };
  useEffect(() => {
    setPool(undefined);
    reload();
  }, [api, poolId]);
  return { pool, error: load.error, reload };
}

export function Pool({ api, poolId }: { api: Api; poolId: string }) {
  const { pool, error, reload } = usePool(api, poolId);
  const feed = useMemo(() => new JobFeed(), [api, poolId]);
  // A job that ends has changed the pool's users: its estimate is asked for again then, not on every poll.
  useEffect(() => feed.subscribeEnded(reload), [feed]);
  const [pollError, setPollError] = useState<ApiError | undefined>();
  const [olderToken, setOlderToken] = useState<string | undefined>();
  const poller = useMemo(() => new JobPoller({
    api, poolId, feed, onError: setPollError,
    fetch: async () => {
      const r = await api.cognito.send(new ListUserImportJobsCommand({ UserPoolId: poolId, MaxResults: JOBS_PAGE }));
      setOlderToken(r.PaginationToken);
      return r.UserImportJobs ?? [];
    },
  }), [feed]);
  useEffect(() => {
    poller.kick();
    return () => poller.stop();
  }, [poller]);

  const template = useAction();
  const downloadTemplate = (): Promise<void> => template.run(async () => {
    const r = await api.cognito.send(new GetCSVHeaderCommand({ UserPoolId: poolId }));
    saveFile(`${fileSafe(r.UserPoolId ?? poolId)}-import-template.csv`, `${(r.CSVHeader ?? []).join(',')}\n`);
  });

  return (
    <main>
      <p class="crumbs"><a href={href.pools()}>User pools</a> / {pool?.Name ?? poolId}</p>
      <h1>{pool ? `User pool ${pool.Name}` : 'User pool'}</h1>
      <ErrorBox error={error} />
      {pool && (
        <dl class="facts">
          <dt>ID</dt><dd><code>{pool.Id}</code></dd>
          <dt>Users (estimated)</dt><dd>{pool.EstimatedNumberOfUsers ?? 0}</dd>
          <dt>Auto-verified attributes</dt><dd>{(pool.AutoVerifiedAttributes ?? []).join(', ') || 'none'}</dd>
        </dl>
      )}
      <p class="actions">
        <button type="button" disabled={template.busy} onClick={() => void downloadTemplate()}>Download CSV template</button>
        <a class="button secondary" href={href.users(poolId)}>Users of this pool</a>
      </p>
      <p class="hint">The template is the pool's CSV header (GetCSVHeader): one user per line below it.</p>
      <ErrorBox error={template.error} />
      {pool && <CreateJob api={api} pool={pool} onCreated={() => poller.kick()} />}
      <JobList api={api} poolId={poolId} feed={feed} poller={poller} error={pollError} olderToken={olderToken} />
    </main>
  );
}
