// Lowering the OS scheduling priority of the calling thread, for background work that must give
// the CPU to requests when both want it. Linux only: there the nice value belongs to each thread
// (setpriority(2), "the nice value is a per-thread attribute"), so os.setPriority(0, n) called in
// a worker thread lowers that thread alone. On macOS and Windows it would lower the whole server.
import { getPriority, setPriority } from 'node:os';

/**
 * Makes the calling thread `by` nicer than it is (at most 19); returns its nice value after, or
 * undefined when nothing changed (not Linux, `by` 0, or the system refused).
 */
export function lowerThreadPriority(by: number): number | undefined {
  if (process.platform !== 'linux' || by <= 0) return undefined;
  try {
    const nice = Math.min(19, getPriority(0) + by);
    setPriority(0, nice);
    return nice;
  } catch {
    return undefined; // a sandbox that forbids it: the thread keeps the server's priority
  }
}
