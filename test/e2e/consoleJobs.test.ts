// The web console following jobs that run for a while, in a real browser (headless Chromium):
// Stop a running job, a second tab following the same job, the row outcomes a page at a time;
// and the server's extension routes as the console uses them: a job's failed rows downloaded
// and imported again, the outbox, the local server's own key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import {
  AdminCreateUserCommand, DescribeUserImportJobCommand, GetCSVHeaderCommand, ListUserImportJobsCommand, type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { cleanup, spawnServer, tempDir, type TestServer } from '../helpers/server';
import { csvText, userRow } from '../helpers/csv';
import { newPool, startJob, until, uploadedJob, waitForJob } from '../helpers/jobs';
import { consoleSuite, jobRow, NO_BROWSER, screenshotPath, signIn, untilBar, type ConsoleSuite } from '../helpers/browser';
import { CONSOLE_POLL_MS } from '../../src/domain/consolePoll';

const skip = NO_BROWSER;

let server: TestServer;
let sdk: CognitoIdentityProviderClient;
let context: BrowserContext;
let tab1: Page;
let poolId: string;
let header: string[];

// batchSize 1 (consoleSuite): a row per commit, slow enough for a 120,000-row job to be seen moving and stopped.
const suite: ConsoleSuite = consoleSuite({
  async setup(s) {
    ({ server, context } = s);
    sdk = server.client();
    poolId = await newPool(sdk, 'big');
    header = (await sdk.send(new GetCSVHeaderCommand({ UserPoolId: poolId }))).CSVHeader!;
    tab1 = await s.newPage();
  },
});

const ROWS = 120_000;
/**
 * The pool's page, polling at a fifth of the default pace (`?poll=`, docs/console.md "Live"):
 * what these tests prove does not hang on the pace, and each wait for the next poll is shorter.
 */
const poolUrl = (): string => `${server.url}/console/?poll=${CONSOLE_POLL_MS / 5}#/pools/${poolId}`;

/** Another tab: its own sessionStorage, so it signs in too, then opens the pool. */
async function secondTab(): Promise<Page> {
  const tab = await suite.newPage();
  await signIn(tab, server);
  await tab.goto(poolUrl());
  return tab;
}

let tab2: Page;

test('Stop a running job; a second tab sees the same job move, then stop', { skip }, async () => {
  await signIn(tab1, server);
  await tab1.goto(poolUrl());
  await tab1.getByLabel('CSV file').setInputFiles({
    name: 'big.csv', mimeType: 'text/csv', buffer: Buffer.from(csvText(Array.from({ length: ROWS }, (_, i) => userRow(i + 1)), header)),
  });
  await tab1.getByText(`big.csv: ${ROWS} data rows, no problems found`).waitFor();
  await tab1.getByLabel('Job name').fill('big import');
  await tab1.getByRole('button', { name: 'Create import job' }).click();
  await tab1.getByText(/^Created import job big import .* and uploaded big\.csv/).waitFor();
  const row1 = jobRow(tab1, 'big import');
  await row1.getByRole('button', { name: 'Start' }).click();

  tab2 = await secondTab();
  const row2 = jobRow(tab2, 'big import');
  const seen = await untilBar('the second tab sees the job run', row2, (s) => s.status === 'InProgress' && s.done > 0);
  await untilBar('the second tab sees it move on', row2, (s) => s.done > seen.done && s.done < ROWS);

  await row1.getByRole('button', { name: 'Stop' }).click();
  const stopped = await untilBar('Stopped in the first tab', row1, (s) => s.status === 'Stopped');
  const job = (await sdk.send(new ListUserImportJobsCommand({ UserPoolId: poolId, MaxResults: 1 }))).UserImportJobs![0];
  assert.equal(job.Status, 'Stopped');
  const imported = job.ImportedUsers!;
  assert.ok(imported > 0 && imported < ROWS, `imported ${imported}`);
  // This tab uploaded the file: its bar ends at the pre-check's row count.
  assert.deepEqual([stopped.now, stopped.max], [imported, ROWS]);
  assert.match(stopped.counters, new RegExp(`^Imported ${imported} · Skipped 0 · Failed 0 · ${imported} of ${ROWS} rows$`));
  assert.equal(await row1.getByRole('button', { name: 'Stop' }).count(), 0);
  assert.equal(await row1.getByRole('button', { name: 'Start' }).count(), 0);

  const other = await untilBar('Stopped in the second tab', row2, (s) => s.status === 'Stopped');
  assert.equal(other.done, imported);
  await tab2.screenshot({ path: screenshotPath('pool-second-tab'), fullPage: true });
});

test('the second tab\'s bar ends at the file\'s row count too (the server\'s TotalRows)', { skip }, async () => {
  const s = await untilBar('the second tab knows the row count', jobRow(tab2, 'big import'), (b) => b.max !== undefined, 5_000);
  assert.deepEqual([s.now, s.max], [s.done, ROWS]);
});

test('row outcomes a page at a time: 50 lines, Next page and Previous page', { skip }, async () => {
  await tab1.bringToFront();
  await jobRow(tab1, 'big import').getByRole('link', { name: 'big import' }).click();
  await tab1.getByRole('heading', { name: 'Import job big import' }).waitFor();
  await tab1.getByLabel('Show rows').selectOption('SUCCEEDED');
  const lines = (): Promise<number[]> => tab1.locator('table.rows tbody tr td.num').allTextContents().then((t) => t.map(Number));
  const range = (from: number): number[] => Array.from({ length: 50 }, (_, i) => from + i);
  await until('the first page', lines, (l) => l.join() === range(1).join());
  await tab1.getByRole('button', { name: 'Next page' }).click();
  await until('the second page', lines, (l) => l.join() === range(51).join());
  await tab1.getByText('Page 2: 50 log lines, SUCCEEDED').waitFor();
  await tab1.getByRole('button', { name: 'Previous page' }).click();
  await until('the first page again', lines, (l) => l.join() === range(1).join());
  assert.equal(await tab1.getByRole('button', { name: 'Previous page' }).count(), 0);
});

test('a job\'s failed rows: downloaded with the file\'s header, then imported again as a new job', { skip }, async () => {
  const bad = userRow(2, { 'cognito:mfa_enabled': 'maybe' });
  const body = csvText([userRow(ROWS + 1), bad, userRow(ROWS + 3)], header);
  const { jobId } = await uploadedJob(sdk, poolId, body, 'with failures');
  await startJob(sdk, poolId, jobId);
  assert.equal((await waitForJob(sdk, poolId, jobId)).FailedUsers, 1);

  await tab1.goto(`${poolUrl()}/jobs/${jobId}`);
  const [download] = await Promise.all([tab1.waitForEvent('download'), tab1.getByRole('button', { name: 'Download failed rows' }).click()]);
  const lines = body.split('\n');
  assert.equal(readFileSync((await download.path())!, 'utf8'), `${lines[0]}\n${lines[2]}\n`);

  await tab1.getByRole('button', { name: 'Import failed rows as a new job' }).click();
  await tab1.getByRole('heading', { name: 'Import job with failures-failed' }).waitFor();
  const row = jobRow(tab1, 'with failures-failed');
  await row.getByRole('button', { name: 'Start' }).click();
  const end = await untilBar('the re-run at its end', row, (s) => s.status === 'Failed');
  assert.deepEqual([end.now, end.max], [1, 1]);
  assert.match(end.counters, /^Imported 0 · Skipped 0 · Failed 1/);
});

test('the outbox page lists the invitations the server sent', { skip }, async () => {
  await sdk.send(new AdminCreateUserCommand({
    UserPoolId: poolId, Username: 'invited', UserAttributes: [{ Name: 'email', Value: 'invited@example.com' }], DesiredDeliveryMediums: ['EMAIL'],
  }));
  await tab1.getByRole('link', { name: 'Outbox' }).click();
  await tab1.getByRole('heading', { name: 'Outbox' }).waitFor();
  const row = tab1.getByRole('row', { name: /invited@example\.com/ });
  await row.waitFor();
  assert.match((await row.textContent())!, /invited/);
  await tab1.screenshot({ path: screenshotPath('outbox'), fullPage: true });
});

/** The page's getComputedStyle, as a test without the DOM's types calls it in the page. */
interface ComputedStyles { getComputedStyle(e: unknown): { getPropertyValue(name: string): string } }

test('the zero-config local server offers its own key to a page opened with the link it printed, once, and says why', { skip }, async () => {
  const dataDir = tempDir('ci-console-local-');
  const local = await spawnServer(['--data-dir', dataDir]);
  try {
    const link = /^Web console: (http:\/\/\S+#token=[A-Za-z0-9_-]+) /m.exec(local.output())?.[1];
    assert.ok(link, local.output());
    // Without the link's token: the sign-in form only, and how to get the link.
    const bare = await context.newPage();
    await bare.goto(`${local.url}/console/`);
    await bare.getByText('Open the console with the link it printed').waitFor();
    assert.equal(await bare.getByRole('region', { name: 'This server\'s own key' }).count(), 0);
    // No field a browser or password manager offers to save (the key is kept in this tab only).
    assert.equal(await bare.locator('input[type="password"]').count(), 0);
    for (const name of ['Access key ID', 'Secret access key', 'Region']) {
      assert.equal(await bare.getByLabel(name).getAttribute('autocomplete'), 'off', name);
    }
    // The secret is masked all the same (a style, as a password field would show it).
    assert.equal(await bare.getByLabel('Secret access key').evaluate((e) => (globalThis as unknown as ComputedStyles).getComputedStyle(e).getPropertyValue('-webkit-text-security')), 'disc');
    await bare.close();

    const page = await context.newPage();
    await page.goto(link);
    const offer = page.getByRole('region', { name: 'This server\'s own key' });
    await offer.waitFor();
    assert.match((await offer.textContent())!, /opened on this machine/);
    // The spent token leaves the address at once: a reload or a bookmark of the page does not carry it.
    assert.equal(new URL(page.url()).hash, '#/');
    await page.screenshot({ path: screenshotPath('sign-in-local-key') });
    // A link is good once: the server printed the next, and the same link again offers nothing.
    await until('the next link printed', () => (local.output().match(/^Web console: /gm) ?? []).length, (n) => n === 2);
    const again = await context.newPage();
    await again.goto(link);
    await again.getByText('This console link offers no key').waitFor();
    assert.equal(await again.getByRole('region', { name: 'This server\'s own key' }).count(), 0);
    await again.close();
    await offer.getByRole('button', { name: 'Use this server\'s own key' }).click();
    await page.getByRole('heading', { name: 'User pools', exact: true }).waitFor();
    const kept = JSON.parse((await page.evaluate('sessionStorage.getItem("cognito-import-console-key")')) as string);
    assert.match(local.output(), new RegExp(`AWS_ACCESS_KEY_ID=${kept.accessKeyId}`));
    // Signed out, the same page offers the key it was given again (the token is not asked twice).
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Use this server\'s own key' }).waitFor();
    await page.close();
  } finally {
    await local.stop();
    cleanup(dataDir);
  }
});

test('a job the API describes matches what the page shows', { skip }, async () => {
  const jobs = (await sdk.send(new ListUserImportJobsCommand({ UserPoolId: poolId, MaxResults: 10 }))).UserImportJobs!;
  const big = jobs.find((j) => j.JobName === 'big import')!;
  const d = (await sdk.send(new DescribeUserImportJobCommand({ UserPoolId: poolId, JobId: big.JobId! }))).UserImportJob!;
  await tab1.goto(poolUrl());
  const s = await untilBar('the stopped job on a fresh page', jobRow(tab1, 'big import'), (b) => b.status === 'Stopped');
  assert.equal(s.done, d.ImportedUsers);
});
