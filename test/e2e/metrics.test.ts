// GET /metrics (src/http/metrics.ts) as Prometheus scrapes it: after an import through the API,
// requests by operation and status with their latency, rows by outcome, jobs ended by status,
// batch commit latency and Node's event-loop delay; served to this machine only by default,
// to nobody with --metrics off.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { startTestServer } from '../helpers/server';
import { newPool, startJob, uploadedJob, waitForJob } from '../helpers/jobs';
import { csvText, userRow } from '../helpers/csv';
import { ServerMetrics } from '../../src/http/metrics';

/** The value of one sample line, e.g. `name{a="b"}`; undefined when absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

test('after an import: requests, rows by outcome, the job ended, batch commits and the event loop', async () => {
  const s = await startTestServer({ worker: { concurrency: 1 } });
  try {
    const sdk = s.client();
    const pool = await newPool(sdk, 'metrics');
    const { jobId } = await uploadedJob(sdk, pool, csvText([userRow(1), userRow(2), userRow(3, { email_verified: 'false' })]));
    await startJob(sdk, pool, jobId);
    assert.equal((await waitForJob(sdk, pool, jobId)).Status, 'Succeeded');
    // The engine's thread posts a job's end after writing it: a scrape may come before it arrives.
    let text = '';
    for (const t0 = Date.now(); ;) {
      const r = await fetch(`${s.url}/metrics`);
      assert.equal(r.status, 200);
      assert.match(r.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
      text = await r.text();
      if (sample(text, 'cognito_import_jobs_ended_total{status="Succeeded"}') === 1 && sample(text, 'cognito_import_jobs_running') === 0) break;
      if (Date.now() - t0 > 10_000) break; // the assertions below say what is missing
      await new Promise((r2) => setTimeout(r2, 20));
    }
    assert.equal(sample(text, 'cognito_import_requests_total{operation="CreateUserPool",status="200"}'), 1);
    assert.equal(sample(text, 'cognito_import_request_duration_seconds_count{operation="CreateUserPool"}'), 1);
    // With S3 as the blob store the file goes straight to the bucket, not through this server.
    assert.equal(sample(text, 'cognito_import_requests_total{operation="Upload",status="200"}'), s.blobStore.kind === 's3' ? undefined : 1);
    assert.ok(sample(text, 'cognito_import_requests_total{operation="DescribeUserImportJob",status="200"}')! >= 1);
    assert.equal(sample(text, 'cognito_import_rows_total{outcome="imported"}'), 2);
    assert.equal(sample(text, 'cognito_import_rows_total{outcome="failed"}'), 1);
    assert.equal(sample(text, 'cognito_import_jobs_ended_total{status="Succeeded"}'), 1);
    assert.equal(sample(text, 'cognito_import_jobs_running'), 0);
    assert.ok(sample(text, 'cognito_import_batch_commit_seconds_count')! >= 1);
    assert.ok(sample(text, 'nodejs_eventloop_lag_p99_seconds')! >= 0);
    for (const state of ['running', 'waiting', 'idle_waiting']) assert.equal(sample(text, `cognito_import_password_hashes{state="${state}"}`), 0, state);
    assert.equal(sample(text, 'cognito_import_password_upgrades_pending'), 0);
  } finally {
    await s.close();
  }
});

test('--metrics off: GET /metrics is an unknown route; local: not for another machine, nor through a proxy', async () => {
  const s = await startTestServer({ metrics: 'off' });
  try {
    const r = await fetch(`${s.url}/metrics`);
    assert.equal(r.status, 404);
    assert.equal(((await r.json()) as { __type: string }).__type, 'UnknownOperationException');
  } finally {
    await s.close();
  }
  const local = await startTestServer({ metrics: 'local' });
  try {
    assert.equal((await fetch(`${local.url}/metrics`)).status, 200);
    // A reverse proxy on this machine connects from loopback for every client; its forwarding
    // headers say the request is not this machine's own.
    for (const headers of [{ 'x-forwarded-for': '203.0.113.9' }, { forwarded: 'for=203.0.113.9' }] as Record<string, string>[]) {
      const r = await fetch(`${local.url}/metrics`, { headers });
      assert.equal(r.status, 404, JSON.stringify(headers));
    }
  } finally {
    await local.close();
  }
  const m = new ServerMetrics();
  const from = (remoteAddress: string): IncomingMessage => ({ method: 'GET', headers: {}, socket: { remoteAddress } }) as unknown as IncomingMessage;
  const res = { writeHead: () => res, end: () => res } as unknown as ServerResponse;
  assert.equal(await m.handle(from('10.1.2.3'), res, 'local'), false);
  assert.equal(await m.handle(from('::ffff:127.0.0.1'), res, 'local'), true);
  assert.equal(await m.handle(from('10.1.2.3'), res, 'all'), true);
});
