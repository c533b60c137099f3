// One import of the bench CSV, started through the API and watched to its end, with or without a
// load running from its start to its end. The import's time is the server's own (StartDate to
// CompletionDate of the job); the event-loop delay is the server's over the same window.
import { Agent } from 'node:http';
import type { Child } from '../children';
import { eventLoopDelay, type LoopDelay } from './server';
import { machineBusySeconds, runLoad, type Measurement } from './load';
import { send, signRequests, type Key, type SignedRequest } from './signing';
import type { World } from './world';

export interface ImportRun {
  status: string;
  importedUsers: number;
  /** From StartDate to CompletionDate, as the server recorded them. */
  importSeconds: number;
  /**
   * Cores the whole machine kept busy, this process (the poller, and the load when there is one)
   * left out, from StartUserImportJob's answer until the end was seen: without a load, what the
   * import itself takes (its server and, on PostgreSQL, the database's processes).
   */
  busyCores: number;
  loop: LoopDelay;
  /** The load, when there was one: over the import, from its start until its end was seen. */
  load?: Measurement;
  /** What Describe of the job answered while it was InProgress (the last one seen), for the bare server. */
  inProgressAnswer?: string;
  problems: string[];
}

interface JobView {
  Status: string;
  ImportedUsers?: number;
  StartDate?: number;
  CompletionDate?: number;
}

async function call(server: Child, key: Key, op: string, input: unknown, agent: Agent): Promise<{ status: number; body: string }> {
  const [r] = await signRequests([{ op, body: JSON.stringify(input) }], 1, server.port, key);
  return send(server.port, r, agent);
}

/**
 * Polls Describe every 100 ms until the job is final, then reads the event-loop window. Its own
 * connection: 10 requests a second beside the load's thousands.
 */
async function watch(w: World, key: Key, agent: Agent): Promise<{ job: JobView; loop: LoopDelay; inProgress?: string }> {
  let inProgress: string | undefined;
  for (;;) {
    const a = await call(w.server, key, 'DescribeUserImportJob', { UserPoolId: w.importPool, JobId: w.importJob }, agent);
    if (a.status !== 200) throw new Error(`DescribeUserImportJob answered ${a.status} during the import: ${a.body}`);
    const job = (JSON.parse(a.body) as { UserImportJob: JobView }).UserImportJob;
    if (job.Status === 'InProgress') inProgress = a.body;
    if (job.Status !== 'Pending' && job.Status !== 'InProgress') {
      return { job, loop: await eventLoopDelay(w.server, 'GET'), inProgress };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface LoadSpec {
  title: string;
  requests: SignedRequest[];
  connections: number;
  warmup: number;
}

/** A promise and the function that resolves it. */
function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => { resolve = r; });
  return { promise, resolve };
}

/**
 * Starts the job and watches it to its end. Given a load, the load starts first on the job still
 * Created: `warmup` seconds unmeasured (JIT, connections), then the job starts and the load is
 * measured from StartUserImportJob's answer until the end is seen.
 */
export async function runImport(w: World, key: Key, rows: number, load?: LoadSpec): Promise<ImportRun> {
  const target = { port: w.server.port, pid: w.server.child.pid };
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const begun = deferred();
  const ended = deferred();
  const measured = load ? runLoad(load.title, target, load.requests, load.connections, { from: begun.promise, until: ended.promise }) : undefined;
  try {
    if (load) await new Promise((r) => setTimeout(r, Math.max(0.5, load.warmup) * 1000));
    await eventLoopDelay(w.server, 'POST');
    const started = await call(w.server, key, 'StartUserImportJob', { UserPoolId: w.importPool, JobId: w.importJob }, agent);
    if (started.status !== 200) throw new Error(`StartUserImportJob answered ${started.status}: ${started.body}`);
    begun.resolve();
    const from = { t: process.hrtime.bigint(), busy: machineBusySeconds(), self: process.cpuUsage() };
    const { job, loop, inProgress } = await watch(w, key, agent);
    ended.resolve();
    const self = process.cpuUsage(from.self);
    const busyCores = (machineBusySeconds() - from.busy - (self.user + self.system) / 1e6) / (Number(process.hrtime.bigint() - from.t) / 1e9);
    const m = await measured;
    const problems: string[] = [];
    if (job.Status !== 'Succeeded' || job.ImportedUsers !== rows) problems.push(`the import ended ${job.Status} with ${job.ImportedUsers} users imported, not Succeeded with ${rows}`);
    if (m && !m.valid) problems.push(...m.problems);
    return {
      status: job.Status, importedUsers: job.ImportedUsers ?? 0, importSeconds: (job.CompletionDate ?? NaN) - (job.StartDate ?? NaN), busyCores,
      loop, load: m, inProgressAnswer: inProgress, problems,
    };
  } finally {
    ended.resolve(); // on a failure too, so the load stops
    await measured?.catch(() => undefined);
    agent.destroy();
  }
}
