// GET /health: 200 when the server can do its work, 503 with the reason of each part that cannot,
// so a load balancer takes the instance out and an operator sees why:
//   {"status":"ok","database":"ok","blobStore":"ok","disk":"ok","worker":"ok"}
//   {"status":"unavailable",...,"disk":"full: 0 bytes free in the data dir (the least is 1048576)",
//    "worker":"stuck: job import-x failed 5 times in a row since 2026-01-01T00:00:00.000Z, still retrying (last error: ...)"}
// database and blobStore: the store answers a trivial query, the blob store a write check.
// disk: the data dir's file system has room, when the database or the uploads are kept there
// ("not used" otherwise). worker: the import engine's thread is running ("down: ..." while it is
// being restarted, src/worker/engine.ts), and no storage fault it is retrying has failed
// STUCK_AFTER_FAILURES times in a row (src/worker/faults.ts).
import type { ServerResponse } from 'node:http';
import { FULL_BELOW_BYTES, type DiskSpace } from '../dataDir';
import type { FailureRun } from '../worker/faults';

export interface HealthChecks {
  database(): Promise<void>;
  blobStore(): Promise<void>;
  /** The data dir's file system, when the SQLite file or the uploads are kept there. */
  disk?: DiskSpace;
  /** Storage faults the import worker keeps failing on. */
  stuckRetrying(): FailureRun[];
  /** Why the import engine's thread is not running, while it is not (src/worker/engine.ts). */
  workerDown?(): string | undefined;
}

const TIMEOUT_MS = 2_000;

async function probe(check: () => Promise<string | void>): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const problem = await Promise.race([
      check(),
      new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS); }),
    ]);
    return problem ?? 'ok';
  } catch (e) {
    return `unreachable: ${e instanceof Error ? e.message : String(e)}`;
  } finally {
    clearTimeout(timer);
  }
}

async function diskState(disk: DiskSpace | undefined): Promise<string> {
  if (!disk) return 'not used';
  return probe(async () => {
    const free = await disk.freeBytes();
    return free < FULL_BELOW_BYTES ? `full: ${free} bytes free in the data dir (the least is ${FULL_BELOW_BYTES})` : undefined;
  });
}

function workerState(runs: FailureRun[]): string {
  if (!runs.length) return 'ok';
  return 'stuck: ' + runs.map((r) => `${r.activity} failed ${r.attempts} times in a row since ${new Date(r.sinceMs).toISOString()}, `
    + `still retrying (last error: ${r.lastError})`).join('; ');
}

export async function handleHealth(res: ServerResponse, requestId: string, checks: HealthChecks): Promise<void> {
  const [database, blobStore, disk] = await Promise.all([probe(checks.database), probe(checks.blobStore), diskState(checks.disk)]);
  const down = checks.workerDown?.();
  const worker = down ? `down: ${down}` : workerState(checks.stuckRetrying());
  const ok = database === 'ok' && blobStore === 'ok' && (disk === 'ok' || disk === 'not used') && worker === 'ok';
  const text = JSON.stringify({ status: ok ? 'ok' : 'unavailable', database, blobStore, disk, worker });
  res.writeHead(ok ? 200 : 503, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), 'x-amzn-RequestId': requestId });
  res.end(text);
}
