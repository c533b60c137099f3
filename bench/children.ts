// The benchmarks' child processes and temporary folders: servers spawned and awaited until they
// listen, stopped cleanly (SIGTERM, so a profile gets written), and nothing left behind whatever
// way the bench ends (its end, an error, Ctrl-C). Shared by bench/api, bench/cli and bench/import.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const children = new Set<ChildProcess>();
const tempDirs: string[] = [];

export interface Child {
  child: ChildProcess;
  port: number;
  /** What it has printed on stdout and stderr so far (the last ~100 kB). */
  output(): string;
}

/** A temporary folder, removed when the bench ends. */
export function benchTempDir(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.push(d);
  return d;
}

/** Spawns `node ...args` and resolves once it prints `<word> listening on http://127.0.0.1:PORT`. */
export function spawnListening(label: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs = 15_000): Promise<Child> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    child.once('exit', () => children.delete(child));
    let out = '';
    let done = false;
    const output = (): string => out;
    const fail = (why: string): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      reject(new Error(`${label}: ${why}\n--- its output ---\n${out}`));
    };
    const timer = setTimeout(() => fail(`not listening after ${timeoutMs} ms`), timeoutMs);
    // Keep draining both pipes for the life of the child so it can never block on a full pipe.
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.length > 1_000_000) out = out.slice(-100_000);
      const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (m && !done) {
        done = true;
        clearTimeout(timer);
        resolve({ child, port: Number(m[1]), output });
      }
    });
    child.stderr!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.length > 1_000_000) out = out.slice(-100_000);
    });
    child.once('error', (e) => fail(`could not start: ${e.message}`));
    child.once('exit', (code, signal) => fail(`exited (${signal ?? code}) before listening`));
  });
}

/** SIGTERM (the server closes its database and, under --cpu-prof, writes the profile), SIGKILL after 10 s. */
export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

async function cleanup(): Promise<void> {
  await Promise.all([...children].map(stopChild));
  for (const d of tempDirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** Last resort (an exception escaping everything, or Ctrl-C): nothing async can run any more. */
function cleanupSync(): void {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const d of tempDirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** Runs a bench's main (resolving to its exit code), then stops its children and removes its folders. */
export function runBench(main: () => Promise<number>): void {
  process.once('SIGINT', () => {
    cleanupSync();
    process.exit(130);
  });
  process.once('exit', cleanupSync);
  main().then(
    async (code) => {
      await cleanup();
      process.exitCode = code;
    },
    async (e: unknown) => {
      process.stderr.write(`bench failed: ${e instanceof Error ? e.message : String(e)}\n`);
      await cleanup();
      process.exitCode = 1;
    },
  );
}
