// The web console in a real browser (headless Chromium), against a real server, as a user goes
// through it: sign in, create a pool, download its template, create a job through the file
// input (and see the pre-check), start it and watch its bar to the end, read its row outcomes,
// search its users. Elements are found by the accessible names the issue made the contract.
// Screenshots of each page go to test-output/console/. consoleJobs.test.ts: Stop, a second tab.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { DescribeUserImportJobCommand, DescribeUserPoolCommand, GetCSVHeaderCommand, ListUserImportJobsCommand } from '@aws-sdk/client-cognito-identity-provider';
import { KEY_A, type TestServer } from '../helpers/server';
import { csvText, userRow } from '../helpers/csv';
import { until } from '../helpers/jobs';
import { barState, consoleSuite, jobRow, NO_BROWSER, screenshotPath, signIn, untilBar } from '../helpers/browser';

const skip = NO_BROWSER;
let server: TestServer;
let page: Page;
// One tab for the whole file: its tests go through the console in order, as one user.
const suite = consoleSuite({ setup: async (s) => { server = s.server; page = await s.newPage(); } });

const POOL_NAME = 'rehearsal';
const pool: { id: string; header: string[] } = { id: '', header: [] };
// Page scripts as text: this suite compiles without the DOM's types.
const sessionKey = (): Promise<string | null> => page.evaluate("sessionStorage.getItem('cognito-import-console-key')");

test('sign in: a wrong secret gets the API\'s error and keeps nothing; the right key opens the pools page', { skip }, async () => {
  await page.goto(`${server.url}/console/`);
  await page.getByLabel('Access key ID').fill(KEY_A.accessKeyId);
  await page.getByLabel('Secret access key').fill('not-the-secret');
  await page.getByLabel('Region').fill('us-west-2');
  await page.screenshot({ path: screenshotPath('sign-in') });
  await page.getByRole('button', { name: 'Sign in' }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match((await alert.textContent())!, /^(InvalidSignatureException|UnrecognizedClientException|NotAuthorizedException): \S/);
  assert.equal(await sessionKey(), null);

  await signIn(page, server);
  const kept = JSON.parse((await sessionKey())!);
  assert.deepEqual(kept, { accessKeyId: KEY_A.accessKeyId, secretAccessKey: KEY_A.secretAccessKey, region: 'us-west-2' });
  assert.equal(await page.evaluate('localStorage.length'), 0, 'nothing in localStorage');
});

test('create a pool with email auto-verified and a custom attribute; download its CSV header as a template', { skip }, async () => {
  await page.getByLabel('Pool name').fill(POOL_NAME);
  await page.getByRole('button', { name: 'Add a custom attribute' }).click();
  // A name the API refuses: its error as it gave it, and no pool.
  await page.getByLabel('Custom attribute 1 name').fill('no spaces allowed');
  await page.getByRole('button', { name: 'Create user pool' }).click();
  const refused = page.getByRole('alert');
  await refused.waitFor();
  assert.match((await refused.textContent())!, /^InvalidParameterException: .*\S/);
  assert.equal(await page.getByText('No user pool yet.').count(), 1);
  await page.getByLabel('Custom attribute 1 name').fill('plan');
  await page.getByLabel('Custom attribute 1 type').selectOption('String');
  await page.getByRole('button', { name: 'Create user pool' }).click();
  const link = page.getByRole('link', { name: POOL_NAME, exact: true });
  await link.waitFor();
  await page.screenshot({ path: screenshotPath('pools'), fullPage: true });

  pool.id = (await page.getByRole('row', { name: POOL_NAME }).locator('code').textContent())!;
  const described = (await server.client().send(new DescribeUserPoolCommand({ UserPoolId: pool.id }))).UserPool!;
  assert.equal(described.Name, POOL_NAME);
  assert.deepEqual(described.AutoVerifiedAttributes, ['email']);
  assert.ok(described.SchemaAttributes!.some((a) => a.Name === 'custom:plan' && a.AttributeDataType === 'String'));

  await link.click();
  await page.getByRole('heading', { name: `User pool ${POOL_NAME}` }).waitFor();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV template' }).click()]);
  const text = readFileSync((await download.path())!, 'utf8');
  const expected = (await server.client().send(new GetCSVHeaderCommand({ UserPoolId: pool.id }))).CSVHeader!;
  assert.equal(text, `${expected.join(',')}\n`);
  assert.ok(expected.includes('custom:plan'));
  assert.match(download.suggestedFilename(), /\.csv$/);
  pool.header = text.trim().split(',');
});

/** Six rows: row 3's MFA value is wrong (FAILED), row 5 repeats row 1's username (SKIPPED). */
const sixRows = (): string => csvText([
  userRow(1), userRow(2), userRow(3, { 'cognito:mfa_enabled': 'maybe' }), userRow(4), userRow(1, { email: 'again@example.com' }), userRow(6),
], pool.header);

test('the pre-check refuses a dropped file with a bad header, and shows the line and column of each problem of a picked one', { skip }, async () => {
  // Drag and drop, as a desktop user does: a file whose header is not the pool's.
  const dropped = await page.evaluateHandle(`(() => {
    const dt = new DataTransfer();
    dt.items.add(new File(['nonsense,columns\\nx,y\\n'], 'wrong.csv', { type: 'text/csv' }));
    return dt;
  })()`);
  await page.locator('.drop').dispatchEvent('drop', { dataTransfer: dropped });
  await page.getByText('wrong.csv: an import job would fail on this file before its first row').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Create import job' }).isDisabled(), true);
  assert.match((await page.locator('.findings').textContent())!, /^Line 1: /);

  await page.getByLabel('CSV file').setInputFiles({ name: 'users.csv', mimeType: 'text/csv', buffer: Buffer.from(sixRows()) });
  await page.getByText('users.csv: 6 data rows: 1 would fail, 1 would be skipped').waitFor();
  const findings = await page.locator('.findings li').allTextContents();
  assert.equal(findings.length, 2);
  assert.match(findings[0], /^Line 4, column cognito:mfa_enabled: The cognito:mfa_enabled value must be true or false\. \(the row would fail\)$/);
  assert.match(findings[1], /^Line 6, column cognito:username: .*line 2 has the same username.*\(the row would be skipped\)$/);
  assert.equal(await page.getByLabel('Job name').inputValue(), 'users', 'named after the file');
  assert.equal(await page.getByRole('button', { name: 'Create import job' }).isDisabled(), false);
});

test('create the job (the file uploaded to its PreSignedUrl), Start it, and watch the bar reach the end with the counters', { skip }, async () => {
  await page.getByLabel('Job name').fill('first import');
  await page.getByRole('button', { name: 'Create import job' }).click();
  await page.getByText(/^Created import job first import \(import-\w+\) and uploaded users\.csv \(6 data rows\)/).waitFor();
  const row = jobRow(page, 'first import');
  const created = await untilBar('the new job, Created', row, (s) => s.status === 'Created');
  assert.equal(created.now, 0);

  await row.getByRole('button', { name: 'Start' }).click();
  const end = await untilBar('the bar at its end', row, (s) => s.status === 'Succeeded' && s.now === s.max);
  assert.deepEqual([end.now, end.max], [6, 6]);
  assert.match(end.counters, /Imported 4 · Skipped 1 · Failed 1 · 6 of 6 rows/);
  assert.equal(await row.getByRole('button', { name: 'Start' }).count(), 0);
  const jobs = (await server.client().send(new ListUserImportJobsCommand({ UserPoolId: pool.id, MaxResults: 10 }))).UserImportJobs!;
  assert.equal(jobs.length, 1);
  assert.deepEqual([jobs[0].Status, jobs[0].ImportedUsers, jobs[0].SkippedUsers, jobs[0].FailedUsers], ['Succeeded', 4, 1, 1]);
  await page.screenshot({ path: screenshotPath('pool'), fullPage: true });
});

test('a job\'s row outcomes from its log: all of them, then only FAILED, then only SKIPPED, with line numbers and reasons', { skip }, async () => {
  await jobRow(page, 'first import').getByRole('link', { name: 'first import' }).click();
  await page.getByRole('heading', { name: 'Import job first import' }).waitFor();
  const rows = page.locator('table.rows tbody tr');
  await until('all six log lines', () => rows.count(), (n) => n === 6);
  const show = page.getByLabel('Show rows');

  await show.selectOption('FAILED');
  await until('the FAILED rows', () => rows.allTextContents(), (t) => t.length === 1 && t[0].startsWith('3FAILED'));
  assert.match((await rows.first().textContent())!, /^3FAILEDThe cognito:mfa_enabled value must be true or false\.$/);
  await page.screenshot({ path: screenshotPath('job'), fullPage: true });

  await show.selectOption('SKIPPED');
  await until('the SKIPPED rows', () => rows.allTextContents(), (t) => t.length === 1 && t[0].startsWith('5SKIPPED'));
  assert.match((await rows.first().textContent())!, /^5SKIPPEDThe user already exists\.$/);

  const job = (await server.client().send(new ListUserImportJobsCommand({ UserPoolId: pool.id, MaxResults: 1 }))).UserImportJobs![0];
  const described = (await server.client().send(new DescribeUserImportJobCommand({ UserPoolId: pool.id, JobId: job.JobId! }))).UserImportJob!;
  assert.ok((await page.getByText(described.JobId!).count()) > 0);
});

test('users: ListUsers by email prefix, then one user\'s attributes and status', { skip }, async () => {
  await page.getByRole('link', { name: POOL_NAME }).click();
  await page.getByRole('link', { name: 'Users of this pool' }).click();
  await page.getByRole('heading', { name: `Users of ${POOL_NAME}` }).waitFor();
  await page.getByText('4 users on this page.').waitFor();

  await page.getByLabel('Attribute').selectOption('email');
  await page.getByLabel('Match').selectOption('^=');
  await page.getByLabel('Value').fill('user2');
  await page.getByRole('button', { name: 'Search users' }).click();
  await page.getByText('1 users on this page matching email ^= "user2".').waitFor();
  await page.getByRole('button', { name: 'user2', exact: true }).click();
  const details = page.getByRole('region', { name: 'User user2' });
  await details.getByRole('definition').first().waitFor(); // AdminGetUser has answered
  const text = (await details.textContent())!;
  assert.match(text, /StatusRESET_REQUIRED/);
  assert.match(text, /Enabledyes/);
  assert.match(text, /emailuser2@example\.com/);
  assert.match(text, /email_verifiedtrue/);
  await page.screenshot({ path: screenshotPath('users'), fullPage: true });

  await page.getByLabel('Value').fill('nobody');
  await page.getByRole('button', { name: 'Search users' }).click();
  await page.getByText('No user matches.').waitFor();
});

test('opened at another address than the one the server takes uploads at (localhost, not 127.0.0.1): the console says where to open it', { skip }, async () => {
  const local = server.url.replace('127.0.0.1', 'localhost');
  const other = await suite.newPage();
  try {
    await signIn(other, { url: local } as TestServer);
    await other.goto(`${local}/console/#/pools/${pool.id}`);
    await other.getByLabel('CSV file').setInputFiles({ name: 'elsewhere.csv', mimeType: 'text/csv', buffer: Buffer.from(csvText([userRow(900)], pool.header)) });
    await other.getByText('elsewhere.csv: 1 data row, no problems found').waitFor();
    await other.getByLabel('Job name').fill('other address');
    await other.getByRole('button', { name: 'Create import job' }).click();
    const alert = other.getByRole('alert');
    await alert.waitFor();
    const said = (await alert.innerText()).replace(/\s+/g, ' ');
    const origin = new URL(server.url).origin;
    assert.match(said, new RegExp(`^UploadAddressIsAnotherOrigin: This server takes uploads at ${origin.replace(/\./g, '\\.')} \\(its --public-url, `
      + `or the address it listens on\\), not at this page's ${local.replace(/\./g, '\\.')}`));
    assert.equal(await other.getByRole('link', { name: `Open the console at ${origin}` }).getAttribute('href'), `${origin}/console/`);
    // Not a bucket's problem: no CORS rule to add, nothing to try again.
    assert.equal(await other.getByRole('figure', { name: 'cors.json' }).count(), 0);
    assert.equal(await other.getByRole('button', { name: 'Try the upload again' }).count(), 0);
    const jobs = (await server.client().send(new ListUserImportJobsCommand({ UserPoolId: pool.id, MaxResults: 10 }))).UserImportJobs!;
    assert.equal(jobs.find((j) => j.JobName === 'other address')?.Status, 'Created');
  } finally {
    await other.close();
  }
});

test('readable at 360 px wide, light and dark: no sideways scrolling on the pool page', { skip }, async () => {
  await page.getByRole('link', { name: POOL_NAME }).click();
  await page.getByRole('heading', { name: `User pool ${POOL_NAME}` }).waitFor();
  await jobRow(page, 'first import').waitFor();
  await page.setViewportSize({ width: 360, height: 800 });
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    const bg = await page.evaluate('getComputedStyle(document.body).backgroundColor');
    assert.equal(bg, scheme === 'dark' ? 'rgb(13, 17, 23)' : 'rgb(255, 255, 255)');
    assert.ok(await page.evaluate('document.documentElement.scrollWidth <= 360'), 'no horizontal scroll at 360 px');
    await page.screenshot({ path: screenshotPath(`pool-360px-${scheme}`), fullPage: true });
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1280, height: 900 });
});

test('delete a pool: asked to confirm, Cancel keeps it, Delete user pool deletes it', { skip }, async () => {
  await page.getByRole('link', { name: 'User pools', exact: true }).first().click();
  await page.getByLabel('Pool name').fill('short-lived');
  await page.getByRole('button', { name: 'Create user pool' }).click();
  const row = page.getByRole('row', { name: /short-lived/ });
  await row.waitFor();
  const id = (await row.locator('code').textContent())!;

  await row.getByRole('button', { name: 'Delete short-lived' }).click();
  const confirm = page.getByRole('group', { name: 'Confirm deleting short-lived' });
  assert.match((await confirm.textContent())!, /This cannot be undone/);
  await until('focus on the confirmation', () => page.evaluate('document.activeElement.textContent'), (t) => t === 'Delete user pool');
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await server.client().send(new DescribeUserPoolCommand({ UserPoolId: id }));

  await row.getByRole('button', { name: 'Delete short-lived' }).click();
  await page.getByRole('button', { name: 'Delete user pool' }).click();
  await page.getByText(`Deleted user pool short-lived (${id}).`).waitFor();
  await until('the row gone', () => page.getByRole('row', { name: /short-lived/ }).count(), (n) => n === 0);
  await assert.rejects(server.client().send(new DescribeUserPoolCommand({ UserPoolId: id })), { name: 'ResourceNotFoundException' });
  assert.equal(await page.getByRole('link', { name: POOL_NAME, exact: true }).count(), 1, 'the other pool stays');
  await page.getByRole('link', { name: POOL_NAME, exact: true }).click();
});

test('keyboard only: from the top of a loaded page, Tab reaches the header and the page\'s controls in order; Sign out forgets the key', { skip }, async () => {
  await page.reload();
  await page.getByRole('heading', { name: `User pool ${POOL_NAME}` }).waitFor();
  const reached: string[] = [];
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press('Tab');
    reached.push(await page.evaluate(`(() => {
      const el = document.activeElement;
      return el.tagName.toLowerCase() + ':' + (el.getAttribute('aria-label') ?? el.textContent.trim());
    })()`));
  }
  assert.deepEqual(reached.slice(0, 8), [
    'a:Skip to content', 'a:cognito-import', 'a:User pools', 'a:Outbox', 'button:Sign out', 'a:User pools', 'button:Download CSV template', 'a:Users of this pool',
  ]);
  assert.deepEqual(reached.slice(8, 10), ['input:', 'input:'], 'then Job name and CSV file');

  await page.getByRole('button', { name: 'Sign out' }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
  assert.equal(await sessionKey(), null);
  assert.equal(await page.evaluate('sessionStorage.length'), 0);
});
