// What import-users shows while a job runs: a one-line bar redrawn in place on a terminal, or a
// plain line every few seconds for logs and CI. Pure formatting: the caller owns timers and I/O.

export interface Counters {
  Status?: string;
  ImportedUsers?: number;
  SkippedUsers?: number;
  FailedUsers?: number;
}

export const rowsDone = (j: Counters): number => (j.ImportedUsers ?? 0) + (j.SkippedUsers ?? 0) + (j.FailedUsers ?? 0);

/** Rows per second over the last `windowMs` of samples (counters grow in batches, so a window smooths them). */
export class RateMeter {
  private samples: [number, number][] = [];
  constructor(private readonly windowMs = 10_000) {}

  add(nowMs: number, done: number): void {
    const last = this.samples[this.samples.length - 1];
    if (last && last[1] === done && this.samples.length > 1 && nowMs - last[0] < 1000) return;
    this.samples.push([nowMs, done]);
    // Keep one sample at or before the window's start, so the window is always covered.
    while (this.samples.length > 2 && this.samples[1][0] <= nowMs - this.windowMs) this.samples.shift();
  }

  /** Undefined until there is half a second of samples. */
  rate(nowMs: number): number | undefined {
    if (this.samples.length < 2) return undefined;
    const [t0, d0] = this.samples[0];
    const [, d1] = this.samples[this.samples.length - 1];
    const span = nowMs - t0;
    return span < 500 ? undefined : ((d1 - d0) * 1000) / span;
  }
}

/** 75 -> `1:15`, 3725 -> `1:02:05`. */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

const thousands = (n: number): string => Math.round(n).toLocaleString('en-US');

export function eta(done: number, total: number, rate: number | undefined): string | undefined {
  if (rate === undefined || rate <= 0 || done >= total) return done >= total && total > 0 ? '0:00' : undefined;
  return duration((total - done) / rate);
}

const percent = (done: number, total: number): number => (total <= 0 ? 100 : Math.min(100, Math.floor((done * 100) / total)));

/**
 * The terminal line, at most `width` characters:
 * `[#######.............]  450/1,000 45%  120 rows/s  ETA 0:04  imported 440 skipped 5 failed 5`.
 * When it does not fit, the rate goes first, then the bar, then the ETA: the counters matter most.
 */
export function progressBar(job: Counters, total: number, rate: number | undefined, width: number): string {
  const done = rowsDone(job);
  const head = `${thousands(done)}/${thousands(total)} ${percent(done, total)}%`;
  let rateText: string | undefined;
  let etaText: string | undefined;
  let tail: string;
  if (job.Status === 'Pending') {
    tail = 'waiting for the import to start';
  } else {
    if (rate !== undefined) rateText = `${thousands(rate)} rows/s`;
    const e = eta(done, total, rate);
    if (e !== undefined && job.Status === 'InProgress') etaText = `ETA ${e}`;
    tail = `imported ${thousands(job.ImportedUsers ?? 0)} skipped ${thousands(job.SkippedUsers ?? 0)} failed ${thousands(job.FailedUsers ?? 0)}`;
    if (job.Status && job.Status !== 'InProgress') tail += `  ${job.Status}`;
  }
  const join = (...p: (string | undefined)[]): string => p.filter((x) => x !== undefined).join('  ');
  const texts = [join(head, rateText, etaText, tail), join(head, etaText, tail), join(head, tail)];
  const MIN_BAR = 8;
  for (const text of texts.slice(0, 2)) {
    const barWidth = Math.min(30, width - text.length - 4);
    if (barWidth >= MIN_BAR) {
      const filled = Math.round((barWidth * percent(done, total)) / 100);
      return `[${'#'.repeat(filled)}${'.'.repeat(barWidth - filled)}]  ${text}`;
    }
  }
  return texts.find((t) => t.length <= width) ?? texts[2].slice(0, Math.max(0, width));
}

/** The line printed every few seconds without a terminal: `import-x: InProgress, 450 of 1000 rows (45%), ...`. */
export function progressLine(jobId: string, job: Counters, total: number, rate: number | undefined): string {
  const done = rowsDone(job);
  let s = `${jobId}: ${job.Status ?? 'unknown'}, ${done} of ${total} rows (${percent(done, total)}%)`;
  if (rate !== undefined) s += `, ${Math.round(rate)} rows/s`;
  const e = eta(done, total, rate);
  if (e !== undefined && job.Status === 'InProgress') s += `, ETA ${e}`;
  return `${s}; imported ${job.ImportedUsers ?? 0}, skipped ${job.SkippedUsers ?? 0}, failed ${job.FailedUsers ?? 0}`;
}
