// The web console's Outbox page in a real browser (headless Chromium) against a real server: the
// messages of the signed-in key's pools a page at a time (the outbox route's 60), Next and
// Previous, and a filter whose pages keep it (docs/console.md, docs/extensions.md).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { FileOutbox } from '../../src/messages/fileOutbox';
import { startTestServer, cleanup, KEY_A, KEY_B, type TestServer } from '../helpers/server';
import { launchBrowser, NO_BROWSER, screenshotPath, signIn, watchErrors } from '../helpers/browser';

const skip = NO_BROWSER;
const POOL = 'us-west-2_outboxAAA';
const OTHER = 'us-west-2_outboxBBB';
const T = Date.UTC(2026, 11, 6, 16, 0, 0, 0);
let server: TestServer;
let browser: Browser;
let page: Page;
let errors: string[];

before(async () => {
  if (NO_BROWSER) return;
  server = await startTestServer();
  // 63 messages of the key's account (62 of one pool), and one of another account.
  const outbox = new FileOutbox(join(server.dataDir, 'outbox'));
  const send = (accountId: string, poolId: string, username: string, sentMs: number) => outbox.send({
    accountId, poolId, username, kind: 'verification', medium: 'EMAIL', destination: `${username}@example.com`,
    subject: 'Your verification code', body: `Your code is ${String(sentMs % 1e6).padStart(6, '0')}.`, code: String(sentMs % 1e6).padStart(6, '0'), sentMs,
  });
  for (let i = 1; i <= 62; i++) await send(KEY_A.accountId, POOL, `u${String(i).padStart(2, '0')}`, T + i * 1000);
  await send(KEY_A.accountId, OTHER, 'other', T + 100_000);
  await send(KEY_B.accountId, POOL, 'b-user', T + 200_000);
  browser = await launchBrowser();
  page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  page.setDefaultTimeout(15_000);
  errors = watchErrors(page);
});
after(async () => {
  if (NO_BROWSER) return;
  await browser.close();
  await server.close();
  cleanup(server.dataDir);
  assert.deepEqual(errors, [], 'no script error in the page');
});

/** The usernames in the table, in order. */
const usernames = async (): Promise<string[]> => page.locator('tbody tr td:nth-child(3)').allTextContents();

test('the Outbox page: 60 messages a page, oldest first; Next and Previous; a filter\'s pages keep it', { skip }, async () => {
  await signIn(page, server);
  await page.getByRole('link', { name: 'Outbox' }).click();
  await page.getByRole('heading', { name: 'Outbox' }).waitFor();
  await page.getByRole('cell', { name: 'u60', exact: true }).waitFor();
  const first = await usernames();
  assert.equal(first.length, 60);
  assert.deepEqual([first[0], first[59]], ['u01', 'u60']);
  await page.screenshot({ path: screenshotPath('outbox'), fullPage: true });

  await page.getByRole('button', { name: 'Next page' }).click();
  await page.getByRole('cell', { name: 'other', exact: true }).waitFor();
  assert.deepEqual(await usernames(), ['u61', 'u62', 'other'], 'the key\'s account only');
  assert.equal(await page.getByRole('button', { name: 'Next page' }).count(), 0);
  await page.getByRole('button', { name: 'Previous page' }).click();
  await page.getByRole('cell', { name: 'u01', exact: true }).waitFor();
  assert.equal((await usernames()).length, 60);

  // A filter: the first page again, and its Next page keeps the filter it was shown with.
  await page.getByLabel('User pool ID').fill(OTHER);
  await page.getByRole('button', { name: 'Show messages' }).click();
  await page.getByRole('cell', { name: 'other', exact: true }).waitFor();
  assert.deepEqual(await usernames(), ['other']);
  assert.equal(await page.getByRole('button', { name: 'Previous page' }).count(), 0);
  await page.getByLabel('User pool ID').fill(POOL);
  await page.getByRole('button', { name: 'Show messages' }).click();
  await page.getByRole('cell', { name: 'u01', exact: true }).waitFor();
  await page.getByLabel('User pool ID').fill('typed but not shown');
  await page.getByRole('button', { name: 'Next page' }).click();
  await page.getByRole('cell', { name: 'u62', exact: true }).waitFor();
  assert.deepEqual(await usernames(), ['u61', 'u62']);
  assert.equal(await page.getByRole('alert').count(), 0);
});
