// A job's row outcomes from its log stream (FilterLogEvents, as `aws logs filter-log-events`
// reads it): filtered by outcome, a page at a time, each with its line number and reason. The log
// holds no user data (spec section 6), and this shows nothing but the log.
import { useEffect, useRef, useState } from 'preact/hooks';
import { FilterLogEventsCommand, type FilterLogEventsCommandOutput, type FilteredLogEvent } from '@aws-sdk/client-cloudwatch-logs';
import type { UserImportJobType } from '@aws-sdk/client-cognito-identity-provider';
import { logStreamName } from '../../src/domain/importLog';
import { apiError, type Api } from '../aws';
import { findJobLogGroup } from '../jobLog';
import { ErrorBox, Pager, useAction, useLatest, usePages } from '../ui';

const PAGE = 50;
type Outcome = '' | 'SUCCEEDED' | 'SKIPPED' | 'FAILED';

interface Row {
  outcome: string;
  line?: number;
  reason: string;
}

/** `[FAILED] Line Number 5 - reason`; a job-level line has no number (`[FAILED] message`). */
export function parseLogLine(message: string): Row {
  const m = /^\[(\w+)\] (?:Line Number (\d+) - )?([\s\S]*)$/.exec(message);
  return m ? { outcome: m[1], line: m[2] ? Number(m[2]) : undefined, reason: m[3] } : { outcome: '', reason: message };
}

/**
 * A page of the job's log, filtered by outcome; undefined while it has none (the job has not run).
 * The group holding the job's stream is looked for once, and again once it is gone: not
 * necessarily the pool's current name's (jobLog.ts).
 */
function useJobLog(api: Api, poolId: string, poolName: string, job: UserImportJobType) {
  const found = useRef<{ stream: string; group: string } | undefined>(undefined);
  const stream = logStreamName(job.JobId!, job.JobName!);
  return async (token: string | undefined, which: Outcome): Promise<FilterLogEventsCommandOutput | undefined> => {
    if (found.current?.stream !== stream) {
      const group = await findJobLogGroup(api, poolId, poolName, stream);
      found.current = group === undefined ? undefined : { stream, group };
    }
    if (!found.current) return undefined;
    try {
      return await api.logs.send(new FilterLogEventsCommand({
        logGroupName: found.current.group, logStreamNames: [stream],
        filterPattern: which ? `"[${which}]"` : undefined, limit: PAGE, nextToken: token,
      }));
    } catch (e) {
      // Gone since it was found: looked for again next time.
      if (apiError(e).type !== 'ResourceNotFoundException') throw e;
      found.current = undefined;
      return undefined;
    }
  };
}

export function RowOutcomes({ api, poolId, poolName, job }: { api: Api; poolId: string; poolName: string; job: UserImportJobType }) {
  const [outcome, setOutcome] = useState<Outcome>('');
  const pages = usePages();
  const [events, setEvents] = useState<FilteredLogEvent[] | undefined>();
  const [noLog, setNoLog] = useState(false);
  const load = useAction();
  const ticket = useLatest();
  const outcomes = useJobLog(api, poolId, poolName, job);

  const show = (token: string | undefined, which: Outcome): Promise<void> => load.run(async () => {
    const newest = ticket();
    const r = await outcomes(token, which);
    if (!newest()) return;
    setNoLog(r === undefined);
    setEvents(r?.events ?? []);
    pages.setNext(r?.nextToken);
  });

  // Reloaded when the filter changes, and when the job moves to another status (its log grew).
  useEffect(() => {
    pages.reset();
    void show(undefined, outcome);
  }, [outcome, job.Status]);

  const { page } = pages;
  return (
    <section aria-labelledby="rows-title">
      <h2 id="rows-title">Row outcomes</h2>
      <div class="row">
        <label>
          Show rows
          <select value={outcome} onChange={(e) => setOutcome(e.currentTarget.value as Outcome)}>
            <option value="">All outcomes</option>
            <option value="SUCCEEDED">SUCCEEDED</option>
            <option value="SKIPPED">SKIPPED</option>
            <option value="FAILED">FAILED</option>
          </select>
        </label>
        <button type="button" class="secondary" disabled={load.busy} onClick={() => void show(pages.token, outcome)}>Refresh rows</button>
      </div>
      <ErrorBox error={load.error} />
      {noLog && <p>No row outcomes yet: the job has not written its log.</p>}
      {events && !noLog && events.length === 0 && <p>No row with this outcome{page > 1 ? ' on this page' : ''}.</p>}
      {events && events.length > 0 && <OutcomeTable events={events} caption={`Page ${page}: ${events.length} log lines, ${outcome || 'all outcomes'}`} />}
      <p class="hint">Line numbers count the file's data rows from 1, as the job's log numbers them (blank lines and the header not counted).</p>
      <Pager pages={pages} busy={load.busy} onPage={(t) => void show(t, outcome)} />
    </section>
  );
}

function OutcomeTable({ events, caption }: { events: FilteredLogEvent[]; caption: string }) {
  return (
    <div class="scroll">
      <table class="rows">
        <caption>{caption}</caption>
        <thead><tr><th scope="col">Line number</th><th scope="col">Outcome</th><th scope="col">Reason</th></tr></thead>
        <tbody>
          {events.map((e) => {
            const r = parseLogLine(e.message ?? '');
            return (
              <tr key={e.eventId}>
                <td class="num">{r.line ?? '—'}</td>
                <td class={`o-${r.outcome}`}>{r.outcome}</td>
                <td>{r.reason}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
