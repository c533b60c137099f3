// GET /health (issue 5, scope 5): 200 when the database and the blob store both answer,
// 503 with the reason of each that does not, so a load balancer takes the instance out.
import type { ServerResponse } from 'node:http';

export interface HealthChecks {
  database(): Promise<void>;
  blobStore(): Promise<void>;
}

const TIMEOUT_MS = 2_000;

async function probe(check: () => Promise<void>): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS); }),
    ]);
    return 'ok';
  } catch (e) {
    return `unreachable: ${e instanceof Error ? e.message : String(e)}`;
  } finally {
    clearTimeout(timer);
  }
}

export async function handleHealth(res: ServerResponse, requestId: string, checks: HealthChecks): Promise<void> {
  const [database, blobStore] = await Promise.all([probe(checks.database), probe(checks.blobStore)]);
  const ok = database === 'ok' && blobStore === 'ok';
  const text = JSON.stringify({ status: ok ? 'ok' : 'unavailable', database, blobStore });
  res.writeHead(ok ? 200 : 503, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), 'x-amzn-RequestId': requestId });
  res.end(text);
}
