// The line numbers of a job's rows with one outcome, read back from the job's log stream, where
// the import engine wrote one event per row (src/domain/importLog.ts: `[FAILED] Line Number 5 -
// ...`, its seq the line number). The log is the record of what became of each row; nothing else
// keeps it (docs/extensions.md, "rows.csv").
import { logGroupName, logStreamName } from '../domain/importLog';
import type { JobRecord } from '../domain/importJob';
import type { LogStore, Scope, StoredLogEvent } from '../store/ports';

export type PickedOutcome = 'FAILED' | 'SKIPPED';
export const PICKED_OUTCOMES: readonly PickedOutcome[] = ['FAILED', 'SKIPPED'];

/** Events read a page: FilterLogEvents' largest page, read by the store a chunk a turn. */
const PAGE = 10_000;

/**
 * The job's log group(s): `/aws/cognito/userpools/<poolId>/<pool name>` with the pool's name when
 * the job ran. A pool renamed since (UpdateUserPool's PoolName) leaves the job's events under the
 * old name, so every group of the pool is looked in; a pool has one per name it ran jobs under.
 */
async function groupsOf(logs: LogStore, scope: Scope, poolId: string, poolName: string): Promise<string[]> {
  const prefix = `${logGroupName(poolId, '')}`;
  const groups = new Set([logGroupName(poolId, poolName)]);
  for (let after: string | undefined; ;) {
    const page = await logs.listGroups(scope, { prefix, limit: 50, afterName: after });
    for (const g of page) groups.add(g.groupName);
    if (page.length < 50) break;
    after = page[page.length - 1].groupName;
  }
  return [...groups];
}

/** The row's line number when the event is the row event of that outcome; undefined otherwise. */
function lineOf(e: StoredLogEvent, lead: string): number | undefined {
  // Row events have their line as seq and their message starts with it; job-level events have seq 0.
  return e.seq > 0 && e.message.startsWith(`${lead}${e.seq} - `) ? e.seq : undefined;
}

/** Every line number of the job's rows whose log event says `outcome`. */
export async function rowOutcomeLines(logs: LogStore, scope: Scope, job: JobRecord, poolName: string, outcome: PickedOutcome): Promise<Set<number>> {
  const lead = `[${outcome}] Line Number `;
  const stream = logStreamName(job.jobId, job.jobName);
  const lines = new Set<number>();
  for (const group of await groupsOf(logs, scope, job.poolId, poolName)) {
    let after: { timestampMs: number; streamName: string; seq: number } | undefined;
    for (;;) {
      const page = await logs.filterEvents(scope, group, {
        streamNames: [stream], filter: { clauses: [{ include: [lead], exclude: [] }] }, after, limit: PAGE,
      });
      if (!page) break; // no such stream in this group
      for (const e of page) {
        const line = lineOf(e, lead);
        if (line !== undefined) lines.add(line);
      }
      if (page.length < PAGE) break;
      const last = page[page.length - 1];
      after = { timestampMs: last.timestampMs, streamName: last.streamName, seq: last.seq };
    }
  }
  return lines;
}
