// A page's CPU profile (the DevTools protocol's Profiler, as DevTools' Performance panel samples
// it), and what it says about the long tasks: each stretch of the main thread busy for longer than
// a threshold, with the functions it spent its time in. bench/console --profile DIR uses it to
// name what a long task was (docs/console.md, "What following a job costs the page").
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { CDPSession, Page } from 'playwright-core';

interface CallFrame { functionName: string; url: string; lineNumber: number; columnNumber: number }
interface ProfileNode { id: number; callFrame: CallFrame; children?: number[] }
export interface CpuProfile { nodes: ProfileNode[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] }

/** Starts sampling the page's main thread every intervalUs; stop() gives the profile. */
export async function startProfile(page: Page, intervalUs = 250): Promise<{ stop(): Promise<CpuProfile> }> {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: intervalUs });
  await cdp.send('Profiler.start');
  return {
    async stop() {
      const { profile } = await cdp.send('Profiler.stop') as unknown as { profile: CpuProfile };
      await cdp.detach();
      return profile;
    },
  };
}

const frameName = (f: CallFrame): string => {
  const file = f.url ? f.url.slice(f.url.lastIndexOf('/') + 1) : '';
  return `${f.functionName || '(anonymous)'}${file ? ` ${file}:${f.lineNumber + 1}:${f.columnNumber + 1}` : ''}`;
};

export interface BusyStretch {
  /** From the profile's start. */
  atMs: number;
  /** Sampled busy time: what the thread ran. */
  ms: number;
  /**
   * Time within the stretch with no sample: the thread (or the sampler) was not scheduled. On a
   * loaded machine a short task can be stretched so into a long one by the clock, not by its work.
   */
  unsampledMs: number;
  /** Time in each function itself, and with what it called (inclusive), the largest first. */
  self: [string, number][];
  inclusive: [string, number][];
}

/**
 * Stretches of consecutive samples that are not idle, with more than minMs of sampled work, and
 * their heaviest functions. A sample counts for at most 4 sampling intervals (the median gap
 * between samples); the rest of a longer gap is counted as unsampled.
 */
export function busyStretches(p: CpuProfile, minMs = 30, top = 12): BusyStretch[] {
  const cap = 4 * ([...p.timeDeltas].sort((a, b) => a - b)[p.timeDeltas.length >> 1] ?? 250);
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const out: BusyStretch[] = [];
  let t = 0;
  let start = -1;
  let busy = 0;
  let unsampled = 0;
  let self = new Map<string, number>();
  let incl = new Map<string, number>();
  const close = (end: number): void => {
    if (start >= 0 && busy / 1000 >= minMs) {
      const sorted = (m: Map<string, number>): [string, number][] => [...m].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, v]) => [k, v / 1000]);
      out.push({ atMs: start / 1000, ms: busy / 1000, unsampledMs: unsampled / 1000, self: sorted(self), inclusive: sorted(incl) });
    }
    start = -1;
    busy = 0;
    unsampled = 0;
    self = new Map();
    incl = new Map();
  };
  for (let i = 0; i < p.samples.length; i++) {
    t += p.timeDeltas[i];
    const node = byId.get(p.samples[i])!;
    if (node.callFrame.functionName === '(idle)') {
      close(t);
      continue;
    }
    if (start < 0) start = t;
    const gap = p.timeDeltas[i + 1] ?? 0;
    const dt = Math.min(gap, cap);
    busy += dt;
    unsampled += gap - dt;
    const name = frameName(node.callFrame);
    self.set(name, (self.get(name) ?? 0) + dt);
    const seen = new Set<string>();
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const f = frameName(byId.get(id)!.callFrame);
      if (!seen.has(f)) incl.set(f, (incl.get(f) ?? 0) + dt);
      seen.add(f);
    }
  }
  close(t);
  return out;
}

/** Writes the profile (open it in DevTools' Performance panel) and prints its long stretches. */
export function reportProfile(tab: string, profile: CpuProfile, file: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(profile));
  const stretches = busyStretches(profile);
  console.log(`  ${tab} profile: ${file}; stretches of over 30 ms of work: ${stretches.length}`);
  for (const s of stretches) {
    console.log(`    ${s.ms.toFixed(1)} ms run (and ${s.unsampledMs.toFixed(1)} ms unsampled) at +${(s.atMs / 1000).toFixed(2)} s; self: ${s.self.slice(0, 6).map(([f, ms]) => `${f} ${ms.toFixed(1)}`).join('; ')}`);
    console.log(`      inclusive: ${s.inclusive.map(([f, ms]) => `${f} ${ms.toFixed(1)}`).join('; ')}`);
  }
}
