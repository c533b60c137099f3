// The console's polling as the server sees it: the requests that follow jobs (ListUserImportJobs,
// DescribeUserImportJob, the extension route's TotalRows), counted from the server's /metrics.
// They stop once no job of the page runs, stop while the tab is hidden and resume when it is
// visible again; and the pool's description (its users) is asked for again when a job of the page ends.
// The page polls at the pace its address asks for (`?poll=`, docs/console.md "Live"), quicker
// than the default, so each window of waiting is short; the tab is hidden for real, by another
// tab brought to the front (consoleSuite's tabs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { DescribeUserImportJobCommand, GetCSVHeaderCommand, StopUserImportJobCommand, type CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { csvText, userRow } from '../helpers/csv';
import { newPool, startJob, until, uploadedJob } from '../helpers/jobs';
import { consoleSuite, jobRow, NO_BROWSER, signIn, untilBar } from '../helpers/browser';
import { CONSOLE_POLL_MS } from '../../src/domain/consolePoll';

const skip = NO_BROWSER;
const POLLING = ['ListUserImportJobs', 'DescribeUserImportJob', 'ExtensionImportJob'];
/** The page's interval here: a fifth of the default, asked for in its address. */
const POLL_MS = CONSOLE_POLL_MS / 5;
/** Long enough for two polls: a poller still running would be seen asking at least once. */
const QUIET_MS = 2 * POLL_MS + 500;

let sdk: CognitoIdentityProviderClient;
const suite = consoleSuite({ tabs: true, setup: (s) => { sdk = s.server.client(); } });

/** The server's count of requests by operation, summed over the polling operations and every status. */
async function pollRequests(ops: string[] = POLLING): Promise<number> {
  const text = await (await fetch(`${suite.server.url}/metrics`)).text();
  let n = 0;
  for (const line of text.split('\n')) {
    const m = /^cognito_import_requests_total\{operation="([^"]+)",status="\d+"\} (\d+)/.exec(line);
    if (m && ops.includes(m[1])) n += Number(m[2]);
  }
  return n;
}

const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Waits (bounded) until a QUIET_MS window passes with no polling request, and returns the count.
 * A poll in flight when the page stopped may still land: that is why one window is not enough.
 */
async function untilQuiet(what: string, tries = 4): Promise<number> {
  let last = await pollRequests();
  for (let i = 0; i < tries; i++) {
    await pause(QUIET_MS);
    const now = await pollRequests();
    if (now === last) return now;
    last = now;
  }
  throw new Error(`${what}: polling requests still coming after ${tries} windows of ${QUIET_MS} ms (${last})`);
}

/** The pool page's "Users (estimated)", as shown. */
const estimatedUsers = (page: Page): Promise<string> => page.locator('dl.facts dt:text-is("Users (estimated)") + dd').innerText();

async function openPool(poolId: string): Promise<Page> {
  const page = await suite.newPage();
  await signIn(page, suite.server);
  await page.goto(`${suite.server.url}/console/?poll=${POLL_MS}#/pools/${poolId}`);
  return page;
}

/** Hides the page for real, as a user does by switching tabs: another tab to the front (page.bringToFront() shows it again). */
async function hide(page: Page, other: Page): Promise<void> {
  await other.bringToFront();
  await until('the tab hidden', () => page.evaluate('document.hidden'), (h) => h === true, 5_000);
}

test('once no job of the pool page runs, the page asks the server nothing more; the pool\'s users are shown anew', { skip }, async () => {
  const poolId = await newPool(sdk, 'quiet');
  const header = (await sdk.send(new GetCSVHeaderCommand({ UserPoolId: poolId }))).CSVHeader!;
  const { jobId } = await uploadedJob(sdk, poolId, csvText([1, 2, 3, 4].map((i) => userRow(i)), header), 'four users');
  const page = await openPool(poolId);
  try {
    const row = jobRow(page, 'four users');
    await untilBar('the job as Created', row, (s) => s.status === 'Created');
    assert.equal(await estimatedUsers(page), '0');
    const described = await pollRequests(['DescribeUserPool']);
    const before = await pollRequests();
    await startJob(sdk, poolId, jobId);
    // Refresh jobs: the page learns of a start made elsewhere, then follows the job to its end.
    await page.getByRole('button', { name: 'Refresh jobs' }).click();
    await untilBar('the job at its end', row, (s) => s.status === 'Succeeded');
    assert.ok(await pollRequests() > before, 'the page asked for the job');
    const settled = await untilQuiet('after the job ended');
    await pause(QUIET_MS);
    assert.equal(await pollRequests(), settled, `no polling request in ${QUIET_MS} ms with no job running`);
    // The pool's estimate follows the job's end without a reload, asked for once: not on every poll.
    await until('the pool\'s users after the job', () => estimatedUsers(page), (n) => n === '4', 5_000);
    assert.equal(await pollRequests(['DescribeUserPool']), described + 1, 'DescribeUserPool once, when the job ended');
  } finally {
    await page.close();
  }
});

test('a hidden tab stops polling a running job, and resumes when visible again', { skip }, async () => {
  const poolId = await newPool(sdk, 'hidden');
  const header = (await sdk.send(new GetCSVHeaderCommand({ UserPoolId: poolId }))).CSVHeader!;
  // Rows enough to outlast the test's windows of waiting at a row per commit, a mutation's too
  // (the job is asserted still running after the hidden windows: a quiet page proves nothing once it ended).
  const rows = 200_000;
  const { jobId } = await uploadedJob(sdk, poolId, csvText(Array.from({ length: rows }, (_, i) => userRow(i + 1)), header), 'long');
  await startJob(sdk, poolId, jobId);
  const page = await openPool(poolId);
  const other = await suite.newPage();
  await page.bringToFront();
  try {
    const row = jobRow(page, 'long');
    await untilBar('the job running', row, (s) => s.status === 'InProgress' && s.done > 0);
    const running = await pollRequests();
    await until('the page polling the running job', pollRequests, (n) => n > running, 3 * POLL_MS);

    await hide(page, other);
    const hidden = await untilQuiet('with the tab hidden');
    const seen = await untilBar('the bar, hidden', row, () => true);
    await pause(QUIET_MS);
    assert.equal(await pollRequests(), hidden, `no polling request in ${QUIET_MS} ms with the tab hidden`);
    assert.equal((await sdk.send(new DescribeUserImportJobCommand({ UserPoolId: poolId, JobId: jobId }))).UserImportJob!.Status, 'InProgress');

    await page.bringToFront();
    assert.equal(await page.evaluate('document.visibilityState'), 'visible');
    await until('polling again once visible', pollRequests, (n) => n > hidden, 3 * POLL_MS);
    await untilBar('the bar moving again', row, (s) => s.done > seen.done && s.status === 'InProgress');
    // Still polling on its interval, not only the one poll the tab's return kicked; at the pace
    // its address asked for: three polls take at least twice the default interval at the default.
    const lists = (): Promise<number> => pollRequests(['ListUserImportJobs']);
    const back = await lists();
    await until('three polls while visible, at the pace asked for', lists, (n) => n >= back + 3, 2 * CONSOLE_POLL_MS);
  } finally {
    await Promise.all([page.close(), other.close()]);
    // Not left running for the next test; an error here would hide the test's own.
    await sdk.send(new StopUserImportJobCommand({ UserPoolId: poolId, JobId: jobId })).catch(() => undefined);
  }
});

test('a job\'s own page shows a Created job (nothing polls after the first answer)', { skip }, async () => {
  const poolId = await newPool(sdk, 'created');
  const header = (await sdk.send(new GetCSVHeaderCommand({ UserPoolId: poolId }))).CSVHeader!;
  const { jobId } = await uploadedJob(sdk, poolId, csvText([userRow(1)], header), 'waiting');
  const page = await openPool(poolId);
  try {
    await page.goto(`${suite.server.url}/console/?poll=${POLL_MS}#/pools/${poolId}/jobs/${jobId}`);
    await page.getByRole('heading', { name: 'Import job waiting' }).waitFor({ timeout: 5_000 });
    await untilBar('the job\'s row', jobRow(page, 'waiting'), (s) => s.status === 'Created', 5_000);
  } finally {
    await page.close();
  }
});
