// One load run with autocannon: exact percentiles of every 2xx response time, answers a second,
// and the CPU the server (and the rest of the machine) used meanwhile. A run with any failed
// request (non-2xx, socket error, timeout) is INVALID, never a figure.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import autocannon from 'autocannon';
import type { SignedRequest } from './signing';

/**
 * A request of a load: pre-built (signed or not), or rebuilt before each sending by its
 * setupRequest (bench/auth gives each sign-in a user of its own), its answers checked by onResponse.
 */
export type LoadRequest = SignedRequest & Pick<autocannon.Request, 'setupRequest' | 'onResponse'>;

export interface Target {
  port: number;
  pid?: number;
}

export interface Measurement {
  valid: boolean;
  problems: string[];
  rps: number;
  p50: number;
  p99: number;
  /** 2xx answers counted in the window. */
  ok: number;
  /** The measured window, in seconds. */
  duration: number;
  /** Server process CPU time over the window: share of one core, and microseconds per answer. */
  cpuShare?: number;
  cpuPerRequestUs?: number;
  /** This process's CPU (autocannon's, the load generator) per answer, in microseconds. */
  loadCpuPerRequestUs: number;
  /** CPU the rest of the machine (neither the server nor this load generator) used meanwhile, in cores. */
  otherCores: number;
  statusCodes: string;
}

/** Non-idle CPU seconds of the whole machine so far (all CPUs). */
export function machineBusySeconds(): number {
  return os.cpus().reduce((a, c) => a + c.times.user + c.times.nice + c.times.sys + c.times.irq, 0) / 1000;
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux); undefined elsewhere. */
let clockTicks: number | undefined;
function cpuSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    clockTicks ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / clockTicks;
  } catch {
    return undefined;
  }
}

function percentile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/** Counters read at the start and at the end of a window. */
function snapshot(pid: number | undefined): { t: bigint; cpu?: number; machine: number; self: NodeJS.CpuUsage } {
  return { t: process.hrtime.bigint(), cpu: cpuSeconds(pid), machine: machineBusySeconds(), self: process.cpuUsage() };
}

/**
 * Runs the load for `seconds`; or, given `from` and `until`, from now until `until` resolves,
 * measuring only from `from` (answers before it and after `until` are not counted; autocannon
 * stops at its next second). The load is running when this returns (autocannon sets up its
 * connections synchronously, 0.2 to 0.9 s), so the caller can start what it loads after.
 */
export async function runLoad(title: string, target: Target, requests: LoadRequest[], connections: number,
  length: { seconds: number } | { from: Promise<unknown>; until: Promise<unknown> }, rate: { overallRate?: number } = {}): Promise<Measurement> {
  let latencies = new Float64Array(1 << 16);
  let n = 0;
  let recording = !('from' in length);
  let firstError: string | undefined;
  const instance = autocannon({
    title, url: `http://127.0.0.1:${target.port}`, connections, pipelining: 1, timeout: 10,
    duration: 'seconds' in length ? length.seconds : 3600,
    requests: requests.map((r) => ({ ...r, headers: { ...r.headers } })), ...rate,
  });
  instance.on('response', (_client, statusCode, _bytes, responseTime) => {
    if (!recording || statusCode < 200 || statusCode > 299) return;
    if (n === latencies.length) {
      const bigger = new Float64Array(latencies.length * 2);
      bigger.set(latencies);
      latencies = bigger;
    }
    latencies[n++] = responseTime;
  });
  instance.on('reqError', (e: Error) => { firstError ??= e.message; });
  let start = snapshot(target.pid);
  let end: ReturnType<typeof snapshot> | undefined;
  if ('from' in length) {
    void length.from.then(() => {
      start = snapshot(target.pid);
      recording = true;
    }, () => {});
    const stop = (): void => {
      recording = false;
      end = snapshot(target.pid);
      instance.stop();
    };
    length.until.then(stop, stop);
  }
  const result = await instance;
  end ??= snapshot(target.pid);
  // autocannon's own duration counts its set-up: the window is timed here.
  const seconds = Number(end.t - start.t) / 1e9;
  const cpu = start.cpu !== undefined && end.cpu !== undefined ? end.cpu - start.cpu : undefined;
  const self = (end.self.user + end.self.system - start.self.user - start.self.system) / 1e6;
  const sorted = latencies.subarray(0, n).sort();
  const problems: string[] = [];
  if (result.non2xx) problems.push(`${result.non2xx} non-2xx answers`);
  if (result.errors) problems.push(`${result.errors} request errors${firstError ? ` (first: ${firstError})` : ''}`);
  if (result.timeouts) problems.push(`${result.timeouts} timeouts`);
  if (result.resets) problems.push(`${result.resets} request pipeline resets`);
  if (n === 0) problems.push('no 2xx answer at all');
  return {
    valid: problems.length === 0, problems,
    rps: n / seconds, p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), ok: n, duration: seconds,
    cpuShare: cpu === undefined ? undefined : cpu / seconds,
    cpuPerRequestUs: cpu === undefined || n === 0 ? undefined : (cpu * 1e6) / n,
    loadCpuPerRequestUs: n === 0 ? NaN : (self * 1e6) / n,
    otherCores: Math.max(0, end.machine - start.machine - self - (cpu ?? 0)) / seconds,
    statusCodes: Object.entries(result.statusCodeStats).map(([s, c]) => `${s}:${c.count}`).join(' '),
  };
}

/** An unmeasured warm-up (JIT, connection set-up) that must be clean too; undefined when it was. */
export async function warmUp(title: string, target: Target, requests: SignedRequest[], connections: number, seconds: number): Promise<Measurement | undefined> {
  if (seconds === 0) return undefined;
  const w = await runLoad(`${title} warm-up`, target, requests, connections, { seconds });
  return w.valid ? undefined : { ...w, problems: w.problems.map((p) => `warm-up: ${p}`) };
}

/** Warm-up, then `seconds` measured. */
export async function measureFor(title: string, target: Target, requests: SignedRequest[], connections: number, warmup: number, seconds: number): Promise<Measurement> {
  return (await warmUp(title, target, requests, connections, warmup)) ?? runLoad(title, target, requests, connections, { seconds });
}
