// Keeps a JobFeed current: asks the API every POLL_MS while a job of the feed is running and the
// tab is visible, then stops (no request at all while nothing runs, or the tab is hidden). An
// action that changes a job (Create, Start, Stop) or the tab coming back kicks it at once.
// Also fills in each job's row count (the progress bar's end) from the extension route's TotalRows.
import type { UserImportJobType } from '@aws-sdk/client-cognito-identity-provider';
import { apiError, isNotFound, type Api, type ApiError } from './aws';
import { ACTIVE, ENDED, rememberedRows, type JobFeed } from './feed';
import { consolePollMs } from '../src/domain/consolePoll';

/** 1.5 s, or the page address's `?poll=<ms>` (docs/console.md "Live"); read once, as the page loads. */
export const POLL_MS = consolePollMs(location.search);

export interface PollerOptions {
  api: Api;
  poolId: string;
  feed: JobFeed;
  /** The jobs to ask for: ListUserImportJobs' first page, or one DescribeUserImportJob. */
  fetch(): Promise<UserImportJobType[]>;
  onError(e: ApiError | undefined): void;
}

export class JobPoller {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running = false;
  private again = false;
  private stopped = false;
  /** Jobs whose TotalRows is settled (known, or the job ended without one). */
  private totalsDone = new Set<string>();
  /** The extension routes answered 404: this server has none (an older version); stop asking. */
  private noExtension = false;
  private readonly onVisible = (): void => {
    if (document.visibilityState === 'visible') {
      this.kick();
      return;
    }
    // Hidden: the poll already scheduled is dropped. Left to fire, it would ask once more, and late:
    // browsers defer a hidden tab's timers (by seconds), so that request could come long after.
    clearTimeout(this.timer);
    this.timer = undefined;
  };

  constructor(private readonly o: PollerOptions) {
    document.addEventListener('visibilitychange', this.onVisible);
  }

  /** Polls now (after the poll in flight, if any), and on while a job runs. */
  kick(): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.running) {
      this.again = true;
      return;
    }
    void this.tick();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    document.removeEventListener('visibilitychange', this.onVisible);
  }

  private async tick(): Promise<void> {
    this.running = true;
    try {
      this.o.feed.put(await this.o.fetch());
      await this.fillTotals();
      this.o.onError(undefined);
    } catch (e) {
      this.o.onError(apiError(e));
    } finally {
      this.running = false;
    }
    if (this.stopped) return;
    if (this.again) {
      this.again = false;
      void this.tick();
    } else if (this.o.feed.anyActive() && document.visibilityState === 'visible') {
      this.timer = setTimeout(() => void this.tick(), POLL_MS);
    }
  }

  /** Each started job's row count: the server's TotalRows, else what this tab's pre-check counted. */
  private async fillTotals(): Promise<void> {
    const { feed, api, poolId } = this.o;
    for (const { job } of feed.all()) {
      const id = job.JobId!;
      if (this.totalsDone.has(id)) continue;
      const local = rememberedRows(id);
      if (local !== undefined) feed.setTotal(id, local);
      if (job.Status === 'Created' || this.noExtension) continue;
      try {
        const r = await (await api.ext(`/user-pools/${encodeURIComponent(poolId)}/import-jobs/${encodeURIComponent(id)}`)).json() as { TotalRows?: number | null };
        if (typeof r.TotalRows === 'number') {
          feed.setTotal(id, r.TotalRows);
          this.totalsDone.add(id);
        } else if (ENDED.has(job.Status ?? '')) {
          this.totalsDone.add(id);
        }
      } catch (e) {
        if (apiError(e).type === 'UnknownOperationException') this.noExtension = true;
        else if (isNotFound(e) || !ACTIVE.has(job.Status ?? '')) this.totalsDone.add(id);
      }
    }
  }
}
