// The SQLite batch writer's thread runs --worker-nice nicer than the server (Linux, where the
// nice value is per thread): its commits yield the CPU to requests when both want it. The
// server's own thread keeps its priority.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { cleanup, startTestServer, tempDir, FILES_ONLY } from '../helpers/server';
import { TEST_DATABASE_URL } from '../helpers/postgres';
import { writeUsersCsv } from '../helpers/csv';
import { newPool, startJob, uploadedJob, waitForJob } from '../helpers/jobs';

const work = tempDir('ci-nice-');
after(() => cleanup(work));

/** Each thread of this process and its nice value (/proc/self/task/TID/stat, field 19). */
function threadNices(): Map<number, number> {
  const out = new Map<number, number>();
  for (const tid of readdirSync('/proc/self/task')) {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields from the 3rd on
    out.set(Number(tid), Number(fields[19 - 3]));
  }
  return out;
}

async function importOnce(nice: number): Promise<{ before: Map<number, number>; after: Map<number, number> }> {
  const file = `${work}/users-${nice}.csv`;
  writeUsersCsv(file, 50);
  const server = await startTestServer({ worker: { concurrency: 1, nice } });
  try {
    const before = threadNices();
    const sdk = server.client();
    const poolId = await newPool(sdk);
    const { jobId } = await uploadedJob(sdk, poolId, readFileSync(file));
    await startJob(sdk, poolId, jobId);
    assert.equal((await waitForJob(sdk, poolId, jobId)).Status, 'Succeeded');
    return { before, after: threadNices() }; // the writer's thread stays until the server closes
  } finally {
    await server.close();
  }
}

test('the batch writer\'s thread runs --worker-nice lower; the server\'s thread does not', {
  skip: process.platform !== 'linux' ? 'the nice value is per thread on Linux only' : TEST_DATABASE_URL ? 'the batch writer thread is SQLite\'s' : FILES_ONLY,
}, async () => {
  const base = threadNices().get(process.pid)!;
  const { before, after: seen } = await importOnce(7);
  const lowered = [...seen].filter(([tid, n]) => n === Math.min(19, base + 7) && !before.has(tid));
  assert.equal(lowered.length, 1, `one new thread at nice ${base + 7}: ${JSON.stringify([...seen])}`);
  assert.equal(seen.get(process.pid), base, 'the server\'s thread keeps its priority');
  const none = await importOnce(0);
  assert.deepEqual([...none.after.values()].filter((n) => n !== base), [], 'with --worker-nice 0 no thread is lowered');
});
