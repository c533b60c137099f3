// bench/console: what following a big import costs the web console's page. A job of --rows rows
// (default 500,000) is imported while two tabs of headless Chromium (Debian's /usr/bin/chromium)
// show it: the pool page and the job's page. In each tab, measured in the page: main-thread long
// tasks (PerformanceObserver 'longtask'), the lateness of a steady 16 ms timer (what a key press
// would wait for), and DOM mutations per render (MutationObserver), to show a poll changes the
// job's row only. The baseline is the same two tabs in the same run, before the job starts (no
// job running: nothing polls). Prints each figure next to its baseline and the ratio.
//
//   node dist/bench/console.js [--rows 500000] [--baseline-seconds 10] [--keep]
import { mkdtempSync, rmSync, statSync, createReadStream } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import {
  CognitoIdentityProviderClient, CreateUserImportJobCommand, CreateUserPoolCommand, DescribeUserImportJobCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { writeCsv } from './lib/csv';
import { runBench } from './children';
import { KEY, startServer, stopServer } from './import';

const args = process.argv.slice(2);
const flag = (name: string, dflt: string): string => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : dflt; };
const ROWS = Number(flag('rows', '500000'));
const BASELINE_MS = Number(flag('baseline-seconds', '10')) * 1000;

/**
 * The probes, installed in a page: long tasks, a 16 ms timer's lateness, and each MutationObserver
 * callback's record count and whether every record was inside a job's row (article.job).
 */
const PROBES = `(() => {
  const w = window;
  w.__bench = { long: [], late: [], batches: [] };
  new PerformanceObserver((l) => { for (const e of l.getEntries()) w.__bench.long.push(e.duration); }).observe({ type: 'longtask', buffered: false });
  let due = performance.now() + 16;
  setInterval(() => { const now = performance.now(); w.__bench.late.push(Math.max(0, now - due)); due = now + 16; }, 16);
  new MutationObserver((records) => {
    const els = records.map((r) => (r.target.nodeType === 1 ? r.target : r.target.parentElement)).filter(Boolean);
    const outside = els.filter((el) => !el.closest('article.job')).map((el) => el.tagName.toLowerCase() + (el.className ? '.' + el.className : ''));
    w.__bench.batches.push({ n: records.length, inRow: outside.length === 0, outside: [...new Set(outside)] });
  }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
})()`;

interface Sample { long: number[]; late: number[]; batches: { n: number; inRow: boolean; outside: string[] }[] }

/** What the probes gathered since the last call, and a fresh start. */
async function collect(page: Page): Promise<Sample> {
  return page.evaluate('(() => { const b = window.__bench; window.__bench = { long: [], late: [], batches: [] }; return b; })()') as Promise<Sample>;
}

function pct(xs: number[], p: number): number {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);

function report(tab: string, base: Sample, baseMs: number, run: Sample, runMs: number): void {
  const perS = (xs: number[], ms: number): number => sum(xs) / (ms / 1000);
  const bLate = pct(base.late, 99), rLate = pct(run.late, 99);
  console.log(`${tab}:`);
  console.log(`  long tasks: ${run.long.length} (${perS(run.long, runMs).toFixed(1)} ms/s of main thread, longest ${Math.max(0, ...run.long).toFixed(0)} ms)`
    + ` vs baseline ${base.long.length} (${perS(base.long, baseMs).toFixed(1)} ms/s)`);
  console.log(`  16 ms timer lateness: p99 ${rLate.toFixed(1)} ms, p50 ${pct(run.late, 50).toFixed(1)} ms, max ${Math.max(0, ...run.late).toFixed(1)} ms`
    + ` vs baseline p99 ${bLate.toFixed(1)} ms; ratio ${(rLate / Math.max(bLate, 0.1)).toFixed(2)}`);
  const ns = run.batches.map((b) => b.n);
  console.log(`  DOM mutation batches: ${run.batches.length} (${(run.batches.length / (runMs / 1000)).toFixed(2)}/s), records per batch p50 ${pct(ns, 50)}, max ${Math.max(0, ...ns)};`
    + ` batches touching anything outside the job's row: ${run.batches.filter((b) => !b.inRow).length}`
    + ` (${[...new Set(run.batches.flatMap((b) => b.outside))].join(', ') || 'none'}); baseline batches ${base.batches.length}`);
}

async function openTab(page: Page, url: string, path: string): Promise<void> {
  page.setDefaultTimeout(30_000);
  await page.goto(`${url}/console/`);
  await page.getByLabel('Access key ID').fill(KEY.accessKeyId);
  await page.getByLabel('Secret access key').fill(KEY.secretAccessKey);
  await page.getByLabel('Region').fill('us-west-2');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'User pools', exact: true }).waitFor();
  await page.goto(`${url}/console/#${path}`);
  await page.getByRole('article', { name: 'bench', exact: true }).waitFor().catch(async (e) => {
    console.log(await page.innerText('body'));
    throw e;
  });
  await page.evaluate(PROBES);
}

async function main(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const dir = mkdtempSync(join(tmpdir(), 'bench-console-'));
  const file = join(dir, 'users.csv');
  await writeCsv(file, ROWS);
  console.log(`# bench/console  ${new Date().toISOString()}  ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}`);
  console.log(`file: ${ROWS} rows, ${(statSync(file).size / 1e6).toFixed(1)} MB; baseline window ${BASELINE_MS / 1000} s`);
  const server = await startServer(join(dir, 'server'));
  const sdk = new CognitoIdentityProviderClient({ endpoint: server.url, region: 'us-west-2', credentials: KEY, maxAttempts: 1 });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox'] });
  try {
    const poolId = (await sdk.send(new CreateUserPoolCommand({ PoolName: 'bench', AutoVerifiedAttributes: ['email'] }))).UserPool!.Id!;
    const job = (await sdk.send(new CreateUserImportJobCommand({ UserPoolId: poolId, JobName: 'bench', CloudWatchLogsRoleArn: `arn:aws:iam::${KEY.accountId}:role/Bench` }))).UserImportJob!;
    const put = await fetch(job.PreSignedUrl!, {
      method: 'PUT', headers: { 'x-amz-server-side-encryption': 'aws:kms', 'content-length': String(statSync(file).size) },
      body: createReadStream(file) as unknown as ReadableStream, duplex: 'half',
    } as RequestInit);
    if (put.status !== 200) throw new Error(`upload answered ${put.status}: ${await put.text()}`);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const tabs = { 'pool page': await context.newPage(), 'job page': await context.newPage() };
    await openTab(tabs['pool page'], server.url, `/pools/${poolId}`);
    await openTab(tabs['job page'], server.url, `/pools/${poolId}/jobs/${job.JobId}`);

    // Baseline: both tabs open, the job Created, nothing running.
    await Promise.all(Object.values(tabs).map(collect));
    const b0 = Date.now();
    await new Promise((r) => setTimeout(r, BASELINE_MS));
    const base = await Promise.all(Object.values(tabs).map(collect));
    const baseMs = Date.now() - b0;

    // Started as a user would, on the job's page; the pool page learns of it by its Refresh jobs
    // (a tab with nothing running asks nothing, so it would not see a start made elsewhere).
    const t0 = Date.now();
    await tabs['job page'].getByRole('button', { name: 'Start' }).click();
    await tabs['pool page'].getByRole('button', { name: 'Refresh jobs' }).click();
    let end;
    for (;;) {
      end = (await sdk.send(new DescribeUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId }))).UserImportJob!;
      if (!['Pending', 'InProgress', 'Stopping'].includes(end.Status!)) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const runMs = Date.now() - t0;
    // The pages' last poll, which shows the end, may come up to a poll interval later: wait for it.
    for (const page of Object.values(tabs)) await page.getByRole('article', { name: 'bench', exact: true }).getByText(end.Status!, { exact: true }).waitFor();
    const run = await Promise.all(Object.values(tabs).map(collect));
    console.log(`job: ${end.Status}, ${end.ImportedUsers} imported in ${(runMs / 1000).toFixed(1)} s`);
    Object.keys(tabs).forEach((tab, i) => report(tab, base[i], baseMs, run[i], runMs));
    if (end.Status !== 'Succeeded' || end.ImportedUsers !== ROWS) {
      console.log(`INVALID RUN: expected ${ROWS} users imported`);
      process.exitCode = 1;
    }
  } finally {
    await browser.close();
    sdk.destroy();
    await stopServer(server);
    if (!args.includes('--keep')) rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) runBench(async () => { await main(); return Number(process.exitCode ?? 0); });
