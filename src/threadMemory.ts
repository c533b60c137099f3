// The V8 heap limits of the import's threads (src/worker/engine.ts, src/store/sqlite/batchWriter.ts).
import type { ResourceLimits } from 'node:worker_threads';

/**
 * Each thread is a V8 isolate of its own, and each grows its young generation up to 32 MiB
 * (two 16 MiB semi-spaces) under the import's allocation rate: with the main thread's, about
 * 100 MiB of a server's resident memory. 16 MiB for each import thread took about 30 MB off a
 * 500,000-row import's peak RSS, in the same time (docs/benchmarks.md, "Grouped commits and
 * write turns"). Only the young generation: a limit on the old one
 * would end the thread on a file of long rows.
 */
export const IMPORT_THREAD_LIMITS: ResourceLimits = Object.freeze({ maxYoungGenerationSizeMb: 16 });
