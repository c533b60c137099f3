// The web console's row outcomes after the pool was renamed, in a real browser (headless
// Chromium): a job's log group is named with the pool's name when the job ran (spec section 6),
// and UpdateUserPool's PoolName renames the pool, not the group. The job's page must still find
// its log, as the server's rows.csv route does (docs/extensions.md), also when a later job made a
// group under the new name; and a job that has not run still says it has no log.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { GetCSVHeaderCommand, UpdateUserPoolCommand, type CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, cleanup, type TestServer } from '../helpers/server';
import { csvText, userRow } from '../helpers/csv';
import { newPool, startJob, until, uploadedJob, waitForJob } from '../helpers/jobs';
import { launchBrowser, NO_BROWSER, signIn, watchErrors } from '../helpers/browser';

const skip = NO_BROWSER;
let server: TestServer;
let sdk: CognitoIdentityProviderClient;
let browser: Browser;
let page: Page;
let errors: string[];
let poolId: string;
const jobs: Record<'old' | 'new' | 'unrun', string> = { old: '', new: '', unrun: '' };

/** Runs a job of three rows, the second failing, to its end. */
async function ranJob(name: string, first: number, header: string[]): Promise<string> {
  const body = csvText([userRow(first), userRow(first + 1, { 'cognito:mfa_enabled': 'maybe' }), userRow(first + 2)], header);
  const { jobId } = await uploadedJob(sdk, poolId, body, name);
  await startJob(sdk, poolId, jobId);
  assert.equal((await waitForJob(sdk, poolId, jobId)).FailedUsers, 1);
  return jobId;
}

before(async () => {
  if (NO_BROWSER) return;
  // Local files: with S3 the PreSignedUrl is the bucket's (docs/console.md).
  server = await startTestServer({ worker: { concurrency: 1 }, blobStore: { kind: 'files' } });
  sdk = server.client();
  poolId = await newPool(sdk, 'before-rename');
  const header = (await sdk.send(new GetCSVHeaderCommand({ UserPoolId: poolId }))).CSVHeader!;
  jobs.old = await ranJob('under the old name', 1, header);
  await sdk.send(new UpdateUserPoolCommand({ UserPoolId: poolId, PoolName: 'after-rename', AutoVerifiedAttributes: ['email'] }));
  // A job under the new name: the new name's group exists, without the first job's stream.
  jobs.new = await ranJob('under the new name', 11, header);
  jobs.unrun = (await uploadedJob(sdk, poolId, csvText([userRow(21)], header), 'not run')).jobId;
  browser = await launchBrowser();
  page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  page.setDefaultTimeout(15_000);
  errors = watchErrors(page);
  await signIn(page, server);
});
after(async () => {
  if (NO_BROWSER) return;
  await browser?.close();
  await server.close();
  cleanup(server.dataDir);
  assert.deepEqual(errors, [], 'no script error in the page');
});

/** The job's page, once its row outcomes have loaded: the table's rows, or the no-log sentence. */
async function outcomesOf(jobId: string, jobName: string): Promise<string[]> {
  await page.goto(`${server.url}/console/#/pools/${poolId}/jobs/${jobId}`);
  await page.getByRole('heading', { name: `Import job ${jobName}` }).waitFor();
  const rows = page.locator('table.rows tbody tr');
  const none = page.getByText('No row outcomes yet: the job has not written its log.');
  await until('the row outcomes', async () => (await rows.count()) + (await none.count()), (n) => n > 0);
  return (await none.count()) ? ['no log'] : rows.allTextContents();
}

test('a job run before the pool was renamed: its row outcomes from the old name\'s log group', { skip }, async () => {
  const rows = await outcomesOf(jobs.old, 'under the old name');
  assert.deepEqual(rows.map((r) => r.slice(0, r.indexOf('The'))), ['1SUCCEEDED', '2FAILED', '3SUCCEEDED']);
  await page.getByLabel('Show rows').selectOption('FAILED');
  await until('the FAILED row', () => page.locator('table.rows tbody tr').allTextContents(), (t) => t.length === 1 && t[0].startsWith('2FAILED'));
});

test('a job run after the rename: its row outcomes from the new name\'s group', { skip }, async () => {
  const rows = await outcomesOf(jobs.new, 'under the new name');
  assert.deepEqual(rows.map((r) => r.slice(0, r.indexOf('The'))), ['1SUCCEEDED', '2FAILED', '3SUCCEEDED']);
});

test('a job not started: no log in any of the pool\'s groups, and the page says so', { skip }, async () => {
  assert.deepEqual(await outcomesOf(jobs.unrun, 'not run'), ['no log']);
});
