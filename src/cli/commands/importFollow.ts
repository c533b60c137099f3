// import-users following a started job to its end: progress, and what Ctrl-C does.
import type { UserImportJobType } from '@aws-sdk/client-cognito-identity-provider';
import type { Io, ResolvedSettings } from '../types';
import { CallError, type Clients } from './importCalls';
import type { Options } from './importOptions';
import { progressBar, progressLine, RateMeter, rowsDone } from './importProgress';

const TERMINAL = new Set(['Succeeded', 'Failed', 'Stopped', 'Expired']);
const TTY_REDRAW_MS = 250;

/** What import-users needs from the process beyond Io; tests pass their own. */
export interface ImportUsersEnv {
  /** Where a question's answer is read (a terminal only). */
  stdin: NodeJS.ReadableStream;
  /** Where SIGINT is delivered. */
  signals: { on(event: 'SIGINT', f: () => void): unknown; off(event: 'SIGINT', f: () => void): unknown };
  /** Terminal width for the progress bar. */
  columns(): number;
}

export interface FollowContext {
  o: Options;
  settings: ResolvedSettings;
  io: Io;
  env: ImportUsersEnv;
  c: Clients;
  jobId: string;
  started: UserImportJobType;
  total: number;
}

/**
 * Polls DescribeUserImportJob until the job ends, showing progress. Ctrl-C stops the job (a
 * second Ctrl-C leaves without waiting for Stopped). Returns the last job seen, and whether the
 * user left early.
 */
export async function follow(x: FollowContext): Promise<{ job: UserImportJobType; left: boolean }> {
  const { o, io, env, c, jobId, total } = x;
  const tty = io.isTTY;
  const pollMs = Math.min(tty ? 500 : 1000, Math.max(50, o.progressIntervalMs));
  const meter = new RateMeter();
  let job: UserImportJobType = x.started;
  let left = false;
  let stopRequested = false;
  /** The Stop request, which a second Ctrl-C still lets reach the server before the command ends. */
  let stopping: Promise<void> | undefined;
  let drawn = false;

  let wake: (() => void) | undefined;
  const sleep = (ms: number): Promise<void> => new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(t);
      wake = undefined;
      resolve();
    };
    const t = setTimeout(done, ms);
    wake = done;
  });

  const draw = (): void => {
    if (left) return;
    io.stderr(`\r${progressBar(job, total, meter.rate(Date.now()), Math.max(20, env.columns() - 1))}\x1b[K`);
    drawn = true;
  };
  const endLine = (): void => {
    if (drawn) io.stderr('\n');
    drawn = false;
  };
  const plain = (): void => io.stderr(`${progressLine(jobId, job, total, meter.rate(Date.now()))}\n`);

  const requestStop = async (): Promise<void> => {
    stopRequested = true;
    try {
      const r = await c.cognito.send(new c.sdk.StopUserImportJobCommand({ UserPoolId: o.poolId, JobId: jobId }));
      if (r.UserImportJob) job = r.UserImportJob;
      if (!tty) io.stderr(`Stop requested: import job ${jobId} is ${job.Status}.\n`);
    } catch (e) {
      const err = e as { name?: string; message?: string };
      // Most likely the job ended meanwhile (only Pending and InProgress jobs stop): the poll will tell.
      endLine();
      io.stderr(`Could not stop import job ${jobId}: ${err.name ?? 'Error'}: ${err.message ?? String(e)}\n`);
    }
    wake?.();
  };

  const onSigint = (): void => {
    if (stopRequested) { // a second Ctrl-C: leave now, the stop asked for
      left = true;
      wake?.();
      return;
    }
    // At once, on a terminal too: a question would let the job run on while it waits for an
    // answer (about 118,000 rows went in between one Ctrl-C and Stopped). A job meant to run on
    // after the command is started with --no-wait.
    endLine();
    io.stderr(`Interrupted: stopping import job ${jobId} (Ctrl-C again to leave without waiting for it).\n`);
    stopping = requestStop();
  };

  env.signals.on('SIGINT', onSigint);
  const timer = tty ? setInterval(draw, TTY_REDRAW_MS) : setInterval(plain, o.progressIntervalMs);
  if (tty) draw(); else plain();
  let pollFailures = 0;
  try {
    while (!left) {
      try {
        job = (await c.cognito.send(new c.sdk.DescribeUserImportJobCommand({ UserPoolId: o.poolId, JobId: jobId }))).UserImportJob ?? job;
        pollFailures = 0;
      } catch (e) {
        // The SDK already retried 3 times; a service answer (the pool deleted, say) ends the wait,
        // a network blip gets three more polls.
        const err = e as { $fault?: string };
        if (err.$fault !== undefined || ++pollFailures > 3) {
          endLine();
          throw new CallError('DescribeUserImportJob', e);
        }
      }
      if (job.Status === 'InProgress' || TERMINAL.has(job.Status ?? '')) meter.add(Date.now(), rowsDone(job));
      if (TERMINAL.has(job.Status ?? '')) break;
      if (!left) await sleep(pollMs);
    }
  } finally {
    clearInterval(timer);
    env.signals.off('SIGINT', onSigint);
  }
  if (left) await stopping;
  if (tty) {
    if (!left) draw();
    endLine();
  } else if (!left) {
    plain();
  }
  return { job, left };
}
