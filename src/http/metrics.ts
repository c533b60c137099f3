// GET /metrics in Prometheus' text format, from prom-client (the Prometheus client for Node):
// requests by operation and status with their latency, import jobs ended by status and running,
// rows by outcome, batch commit latency, and Node's own (event-loop delay, heap, GC, CPU).
// Each server has a registry of its own (tests run several in one process), shown with the
// process's (processRegistry); nothing is registered when this module loads.
//
// Who may read it is the serve flag --metrics: 'local' (the default: clients on this machine,
// anything else gets the 404 of an unknown route), 'all', or 'off'.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { MetricsExposure } from '../config';
import type { JobMetricsSink } from '../worker/jobLog';
import { isLocalRequest } from './localRequest';

export const METRICS_PATH = '/metrics';

let processMetrics: Registry | undefined;

/**
 * Node's own metrics (event-loop delay as nodejs_eventloop_lag_*, heap, GC, CPU and memory of the
 * process), collected once per process: collectDefaultMetrics starts a timer and a GC observer
 * that are never stopped, so one per server would pile up with every server a process starts
 * (a test suite's, startServer's reset()).
 */
function processRegistry(): Registry {
  if (!processMetrics) {
    processMetrics = new Registry();
    collectDefaultMetrics({ register: processMetrics });
  }
  return processMetrics;
}

export class ServerMetrics implements JobMetricsSink {
  readonly registry = new Registry();
  private readonly requests = new Counter({ name: 'cognito_import_requests_total', help: 'Requests answered, by operation (or route) and HTTP status.', labelNames: ['operation', 'status'], registers: [this.registry] });
  private readonly latency = new Histogram({
    name: 'cognito_import_request_duration_seconds', help: 'Time from a request\'s arrival to its answer, by operation (or route).',
    labelNames: ['operation'], buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5], registers: [this.registry],
  });
  private readonly rows = new Counter({ name: 'cognito_import_rows_total', help: 'CSV rows imported, skipped or failed by the import jobs this server ran.', labelNames: ['outcome'], registers: [this.registry] });
  private readonly commits = new Histogram({
    name: 'cognito_import_batch_commit_seconds', help: 'Time from sending a batch of rows to the store to its answer.',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5], registers: [this.registry],
  });
  private readonly ended = new Counter({ name: 'cognito_import_jobs_ended_total', help: 'Import jobs this server ran to their end, by final status.', labelNames: ['status'], registers: [this.registry] });
  private readonly running = new Gauge({ name: 'cognito_import_jobs_running', help: 'Import jobs this server is running now.', registers: [this.registry] });

  constructor() {
    processRegistry(); // Node's own, shown with this server's (handle)
  }

  request(operation: string, status: number, seconds: number): void {
    this.requests.inc({ operation, status });
    this.latency.observe({ operation }, seconds);
  }

  batchApplied(r: { imported: number; skipped: number; failed: number }, commitSeconds: number): void {
    // A counter only goes up (prom-client throws otherwise): a batch adds rows, never takes any.
    if (r.imported > 0) this.rows.inc({ outcome: 'imported' }, r.imported);
    if (r.skipped > 0) this.rows.inc({ outcome: 'skipped' }, r.skipped);
    if (r.failed > 0) this.rows.inc({ outcome: 'failed' }, r.failed);
    this.commits.observe(commitSeconds);
  }

  jobEnded(status: string): void {
    this.ended.inc({ status });
  }

  jobRunning(delta: 1 | -1): void {
    this.running.inc(delta);
  }

  /**
   * The password hashing queue (src/domain/hashing.ts) read when /metrics is: hashes running and
   * waiting in each lane, and imported hashes' upgrades not yet saved (src/signin/hashUpgrades.ts).
   */
  watchPasswordHashing(load: () => { running: number; waiting: number; idleWaiting: number }, upgradesPending: () => number): void {
    new Gauge({
      name: 'cognito_import_password_hashes', help: 'Password hashes and checks running, waiting for a request, and waiting for idle capacity (upgrades).',
      labelNames: ['state'], registers: [this.registry],
      collect() {
        const l = load();
        this.set({ state: 'running' }, l.running);
        this.set({ state: 'waiting' }, l.waiting);
        this.set({ state: 'idle_waiting' }, l.idleWaiting);
      },
    });
    new Gauge({
      name: 'cognito_import_password_upgrades_pending', help: 'Imported password hashes checked by a sign-in and not yet replaced by the server\'s own.',
      registers: [this.registry], collect() { this.set(upgradesPending()); },
    });
  }

  /** Answers GET /metrics when the exposure allows this client; false to let the route 404. */
  async handle(req: IncomingMessage, res: ServerResponse, exposure: MetricsExposure): Promise<boolean> {
    if (exposure === 'off' || (exposure === 'local' && !isLocalRequest(req))) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const both = Registry.merge([this.registry, processRegistry()]);
    const text = await both.metrics();
    res.writeHead(200, { 'Content-Type': both.contentType, 'Content-Length': Buffer.byteLength(text) });
    res.end(req.method === 'HEAD' ? undefined : text);
    return true;
  }
}
