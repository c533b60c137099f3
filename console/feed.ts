// The import jobs a page shows, and who to tell when one changes. A poll that changes one job's
// counters re-renders that job's row only (useJob), and the list itself only when a job comes or
// goes: a page following a 500,000-row job does a few small updates a second, not a full render.
import type { UserImportJobType } from '@aws-sdk/client-cognito-identity-provider';
import { useEffect, useState } from 'preact/hooks';

export interface JobView {
  job: UserImportJobType;
  /** The file's data rows: the server's TotalRows, or the pre-check's count when this tab uploaded it. */
  total?: number;
}

export const ACTIVE = new Set(['Pending', 'InProgress', 'Stopping']);
export const ENDED = new Set(['Succeeded', 'Failed', 'Stopped', 'Expired']);

export const processed = (j: UserImportJobType): number => (j.ImportedUsers ?? 0) + (j.SkippedUsers ?? 0) + (j.FailedUsers ?? 0);

/** What a row shows of a job: when none of it changed, the row is left alone. */
const shown = (j: UserImportJobType): string => [
  j.Status, j.ImportedUsers, j.SkippedUsers, j.FailedUsers, j.CompletionMessage, j.StartDate?.getTime(), j.CompletionDate?.getTime(), j.JobName,
].join('|');

/** Newest first, as ListUserImportJobs lists them. */
const newestFirst = (a: UserImportJobType, b: UserImportJobType): number =>
  (b.CreationDate?.getTime() ?? 0) - (a.CreationDate?.getTime() ?? 0) || String(b.JobId).localeCompare(String(a.JobId));

export class JobFeed {
  private views = new Map<string, JobView>();
  private rowListeners = new Map<string, Set<() => void>>();
  private listListeners = new Set<() => void>();
  private endListeners = new Set<() => void>();
  /** The jobs' ids, newest first; a new array only when a job comes or goes. */
  ids: string[] = [];

  get(id: string): JobView | undefined {
    return this.views.get(id);
  }

  all(): JobView[] {
    return this.ids.map((id) => this.views.get(id)!);
  }

  anyActive(): boolean {
    return this.all().some((v) => ACTIVE.has(v.job.Status ?? ''));
  }

  /** Takes jobs as the API answered them; tells only the rows whose job changed. */
  put(jobs: UserImportJobType[]): void {
    let added = false;
    let ended = false;
    for (const job of jobs) {
      const id = job.JobId!;
      const before = this.views.get(id);
      if (!before) {
        this.views.set(id, { job });
        added = true;
        // A job's own page (useJob) waits for this job and listens to its row, not to the list.
        this.notify(id);
      } else if (shown(before.job) !== shown(job)) {
        this.views.set(id, { ...before, job });
        this.notify(id);
        ended ||= !ENDED.has(before.job.Status ?? '') && ENDED.has(job.Status ?? '');
      }
    }
    if (added) {
      this.ids = [...this.views.values()].map((v) => v.job).sort(newestFirst).map((j) => j.JobId!);
      this.listListeners.forEach((f) => f());
    }
    if (ended) this.endListeners.forEach((f) => f());
  }

  /** Told once per put in which a job this feed had seen before ended (the pool's user count moved). */
  subscribeEnded(f: () => void): () => void {
    this.endListeners.add(f);
    return () => this.endListeners.delete(f);
  }

  setTotal(id: string, total: number): void {
    const v = this.views.get(id);
    if (!v || v.total === total) return;
    this.views.set(id, { ...v, total });
    this.notify(id);
  }

  subscribe(id: string, f: () => void): () => void {
    let set = this.rowListeners.get(id);
    if (!set) this.rowListeners.set(id, set = new Set());
    set.add(f);
    return () => set!.delete(f);
  }

  subscribeList(f: () => void): () => void {
    this.listListeners.add(f);
    return () => this.listListeners.delete(f);
  }

  private notify(id: string): void {
    this.rowListeners.get(id)?.forEach((f) => f());
  }
}

function useRerender(): () => void {
  const [, setTick] = useState(0);
  return () => setTick((n) => n + 1);
}

/** One job of the feed, re-rendering its component when that job (and only it) changes. */
export function useJob(feed: JobFeed, id: string): JobView | undefined {
  const changed = useRerender();
  const view = feed.get(id);
  useEffect(() => {
    const unsubscribe = feed.subscribe(id, changed);
    if (feed.get(id) !== view) changed(); // changed between this render and the subscription
    return unsubscribe;
  }, [feed, id]);
  return view;
}

/** The feed's ids, re-rendering when a job comes or goes. */
export function useJobIds(feed: JobFeed): string[] {
  const changed = useRerender();
  useEffect(() => feed.subscribeList(changed), [feed]);
  return feed.ids;
}

/** Row counts this tab learnt from its pre-check, kept for the tab's session (sign-out clears them). */
const ROWS_KEY = 'cognito-import-console-rows:';
export function rememberRows(jobId: string, rows: number): void {
  try {
    sessionStorage.setItem(ROWS_KEY + jobId, String(rows));
  } catch {
    // Storage full or refused: the bar waits for the server's count.
  }
}
export function rememberedRows(jobId: string): number | undefined {
  const v = sessionStorage.getItem(ROWS_KEY + jobId);
  return v === null ? undefined : Number(v);
}
