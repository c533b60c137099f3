// The web console uploading to an S3 bucket (docs/console.md, "Uploads to S3"), in headless
// Chromium against the S3-compatible server of scripts/s3-test-server.sh (moto_server, which answers
// CORS preflights by the bucket's CORS configuration). The page PUTs the file to the bucket, another
// origin, which the server's CSP allows; the bucket's CORS rule decides the rest:
// - without a rule for the page's origin the console says the rule is missing, shows it with the
//   aws CLI command that adds it (run here as shown) and a curl command for the file;
// - with the rule, "Try the upload again" and new jobs upload to the bucket, and the jobs import;
// - a proxy's own policy refusing the bucket is said as such, and its curl command (run here as
//   shown) uploads the file.
// Skipped without S3 or without Chromium (the reason is printed); CI's second leg runs it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { CreateBucketCommand, GetBucketCorsCommand, PutBucketCorsCommand } from '@aws-sdk/client-s3';
import {
  AdminGetUserCommand, GetCSVHeaderCommand, ListUserImportJobsCommand, type CognitoIdentityProviderClient, type UserImportJobType,
} from '@aws-sdk/client-cognito-identity-provider';
import { cleanup, KEY_A, REPO, run, startTestServer, tempDir, TEST_BLOB_STORE, type TestServer } from '../helpers/server';
import { csvText, userRow } from '../helpers/csv';
import { newPool, startJob, uploadedJob, waitForJob } from '../helpers/jobs';
import { getObject, objectKey, s3ClientFor, type S3Config } from '../helpers/s3';
import { jobRow, launchBrowser, NO_BROWSER, screenshotPath, signIn, untilBar, watchErrors } from '../helpers/browser';

const skip = NO_BROWSER || (TEST_BLOB_STORE.kind === 's3' ? false
  : 'no S3 configured: run the suite with eval "$(bash scripts/s3-test-server.sh start)" (COGNITO_IMPORT_TEST_BLOB_STORE); CI\'s second leg does');

let work: string;
let s3: S3Config;
let server: TestServer;
let sdk: CognitoIdentityProviderClient;
let browser: Browser;
let page: Page;
let errors: string[];
/** What the browser's console said: a CSP refusal shows there ("Refused to connect..."). */
let consoleLines: string[];
let poolId: string;
let header: string[];

before(async () => {
  if (skip) return;
  work = tempDir('ci-console-s3-');
  // A bucket of this file's own, so its CORS rules touch no other test's bucket.
  const suite = TEST_BLOB_STORE as S3Config;
  s3 = { ...suite, bucket: `console-s3-${Date.now().toString(36)}-${process.pid}`, prefix: 'console' };
  await s3ClientFor(s3).send(new CreateBucketCommand({ Bucket: s3.bucket }));
  // moto allows every origin while a bucket has no CORS configuration at all (S3 allows none):
  // a rule for another origin only is what "no rule for this page" looks like on both.
  await s3ClientFor(s3).send(new PutBucketCorsCommand({ Bucket: s3.bucket, CORSConfiguration: { CORSRules: [
    { AllowedOrigins: ['https://elsewhere.example'], AllowedMethods: ['PUT'], AllowedHeaders: ['*'] },
  ] } }));
  server = await startTestServer({ blobStore: s3, worker: { concurrency: 1 } });
  sdk = server.client();
  poolId = await newPool(sdk, 's3-console');
  header = (await sdk.send(new GetCSVHeaderCommand({ UserPoolId: poolId }))).CSVHeader!;
  browser = await launchBrowser();
  page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  page.setDefaultTimeout(15_000);
  errors = watchErrors(page);
  consoleLines = [];
  page.on('console', (m) => consoleLines.push(m.text()));
  await signIn(page, server);
});
after(async () => {
  if (skip) return;
  await browser.close();
  await server.close();
  cleanup(server.dataDir);
  cleanup(work);
  assert.deepEqual(errors, [], 'no script error in the page');
});

const bucketOrigin = (): string => new URL(s3.endpoint!).origin;

async function jobNamed(name: string): Promise<UserImportJobType> {
  const jobs = (await sdk.send(new ListUserImportJobsCommand({ UserPoolId: poolId, MaxResults: 60 }))).UserImportJobs ?? [];
  const job = jobs.find((j) => j.JobName === name);
  assert.ok(job, `job ${name}`);
  return job;
}

/** Picks a file of users first..first+count-1 on the pool page and creates the job. */
async function createInConsole(jobName: string, fileName: string, first: number, count: number): Promise<string> {
  await page.goto(`${server.url}/console/#/pools/${poolId}`);
  const body = csvText(Array.from({ length: count }, (_, i) => userRow(first + i)), header);
  await page.getByLabel('CSV file').setInputFiles({ name: fileName, mimeType: 'text/csv', buffer: Buffer.from(body) });
  await page.getByText(`${fileName}: ${count} data rows, no problems found`).waitFor();
  await page.getByLabel('Job name').fill(jobName);
  await page.getByRole('button', { name: 'Create import job' }).click();
  return body;
}

/** Starts the job with its row's Start button and waits for the row to say Succeeded. */
async function startInConsole(jobName: string, rows: number, tab: Page = page): Promise<void> {
  const row = jobRow(tab, jobName);
  await row.getByRole('button', { name: 'Start' }).click();
  const end = await untilBar(`${jobName} at its end`, row, (s) => s.status === 'Succeeded');
  assert.match(end.counters, new RegExp(`^Imported ${rows} · Skipped 0 · Failed 0`));
}

const figure = (name: string): Promise<string> => page.getByRole('figure', { name }).locator('pre').innerText();

/** The file of the job the bucket refused first, uploaded again once the rule is in. */
let firstBody: string;

test('no CORS rule for the page: the console says so, with the rule to add, the command that adds it, and a curl command', { skip }, async () => {
  firstBody = await createInConsole('no rule', 'first users.csv', 1, 3);
  const alert = page.getByRole('alert');
  await alert.waitFor();
  const said = (await alert.innerText()).replace(/\s+/g, ' ');
  const job = await jobNamed('no rule');
  assert.equal(said, `BucketCorsRuleMissing: The browser could not send first users.csv to the bucket ${s3.bucket} at ${bucketOrigin()}: `
    + `the bucket has no CORS rule that lets this page (${new URL(server.url).origin}) PUT files to it (or the bucket cannot be reached `
    + `from this browser). Job ${job.JobId} was created without its file: add the CORS rule below to the bucket, or upload the file `
    + 'with the curl command below, then Start the job here.');
  // Refused by the bucket's CORS answer, not by the page's CSP.
  assert.deepEqual(consoleLines.filter((l) => /Content Security Policy/i.test(l)), []);
  assert.equal(job.Status, 'Created');
  assert.deepEqual(await server.storedUploads(poolId, job.JobId!), [], 'nothing reached the bucket');
  await page.screenshot({ path: screenshotPath('s3-no-cors-rule'), fullPage: true });
  // The long URL and the rule wrap: no sideways scrolling at 360 px.
  await page.setViewportSize({ width: 360, height: 800 });
  assert.ok(await page.evaluate('document.documentElement.scrollWidth <= 360'), 'no horizontal scroll at 360 px');
  await page.screenshot({ path: screenshotPath('s3-no-cors-rule-360px'), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });

  // The rule names this page's origin, PUT and the headers the page sends.
  const rule = JSON.parse(await figure('cors.json')) as unknown;
  assert.deepEqual(rule, { CORSRules: [{
    AllowedOrigins: [new URL(server.url).origin], AllowedMethods: ['PUT'], AllowedHeaders: ['content-type', 'x-amz-server-side-encryption'], MaxAgeSeconds: 3000,
  }] });
  // The very rule docs/console.md gives, with this page's origin in it.
  const docs = readFileSync(join(REPO, 'docs', 'console.md'), 'utf8');
  const documented = /### Uploads to S3[\s\S]*?```json\n([\s\S]*?)```/.exec(docs)?.[1];
  assert.ok(documented, 'docs/console.md has the CORS rule as a json block');
  assert.deepEqual(rule, JSON.parse(documented.replace(/^\s*/gm, '').replace('https://cognito-import.example.com', new URL(server.url).origin)));
  assert.equal(await figure('Add the rule with the aws CLI'), `aws s3api put-bucket-cors --bucket ${s3.bucket} --cors-configuration file://cors.json`);

  // The curl command for this job's file (run as shown in the proxy test below).
  assert.equal(await figure('Upload the file with curl'), `curl -T 'first users.csv' -H 'x-amz-server-side-encryption:aws:kms' '${job.PreSignedUrl}'`);
});

test('the rule added as the console shows it, then Try the upload again: the refused job\'s file goes to the bucket and imports', { skip }, async () => {
  // The aws CLI command as the console showed it, with cors.json as shown (the S3 leg's
  // AWS_ENDPOINT_URL_S3 and keys point the CLI at the test bucket's server).
  writeFileSync(join(work, 'cors.json'), await figure('cors.json'));
  const put = await run('sh', ['-c', `cd '${work}' && ${await figure('Add the rule with the aws CLI')}`]);
  assert.equal(put.code, 0, put.stderr);
  const rules = (await s3ClientFor(s3).send(new GetBucketCorsCommand({ Bucket: s3.bucket }))).CORSRules!;
  assert.deepEqual(rules.map((r) => r.AllowedOrigins), [[new URL(server.url).origin]]);

  const job = await jobNamed('no rule');
  await page.getByRole('button', { name: 'Try the upload again' }).click();
  await page.getByText(`Uploaded first users.csv for import job ${job.JobId}. Start it below.`).waitFor();
  assert.equal(await page.getByRole('alert').count(), 0);
  assert.equal(await page.getByRole('figure', { name: 'cors.json' }).count(), 0, 'no help once the upload works');
  assert.equal((await getObject(s3, objectKey(s3, `${KEY_A.accountId}/${poolId}/${job.JobId}`))).body.toString('utf8'), firstBody);
  await startInConsole('no rule', 3);
});

test('with the rule: a new job\'s file goes to the bucket from the page, and the job imports', { skip }, async () => {
  const body = await createInConsole('through the page', 'more.csv', 11, 4);
  await page.getByText(/^Created import job through the page \(.*\) and uploaded more\.csv \(4 data rows\)\. Start it below\.$/).waitFor();
  assert.equal(await page.getByRole('alert').count(), 0);
  assert.equal(await page.getByRole('figure', { name: 'cors.json' }).count(), 0, 'no help once the upload works');
  const job = await jobNamed('through the page');
  // In the bucket as the page sent it, encrypted as the PreSignedUrl signs it.
  const stored = await getObject(s3, objectKey(s3, `${KEY_A.accountId}/${poolId}/${job.JobId}`));
  assert.equal(stored.body.toString('utf8'), body);
  assert.equal(stored.sse, 'aws:kms');

  await startInConsole('through the page', 4);
  const user = await sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: userRow(12)['cognito:username'] }));
  assert.equal(user.Username, userRow(12)['cognito:username']);
  assert.deepEqual(consoleLines.filter((l) => /Content Security Policy/i.test(l)), [], 'the CSP allowed the bucket');
  await page.screenshot({ path: screenshotPath('s3-uploaded'), fullPage: true });
});

test('a proxy\'s own CSP without the bucket: the console says the page\'s policy refused it; its curl command, run as shown, uploads the file', { skip }, async () => {
  // As a reverse proxy that replaces the server's Content-Security-Policy with one of its own would.
  const strict = "default-src 'self'; connect-src 'self'";
  const proxied = await page.context().browser()!.newContext();
  const tab = await proxied.newPage();
  tab.setDefaultTimeout(15_000);
  watchErrors(tab, errors);
  await tab.route(`${server.url}/console/**`, async (route) => {
    const r = await route.fetch();
    await route.fulfill({ response: r, headers: { ...r.headers(), 'content-security-policy': strict } });
  });
  try {
    await signIn(tab, server);
    await tab.goto(`${server.url}/console/#/pools/${poolId}`);
    const body = csvText([userRow(31), userRow(32)], header);
    await tab.getByLabel('CSV file').setInputFiles({ name: 'proxied.csv', mimeType: 'text/csv', buffer: Buffer.from(body) });
    await tab.getByText('proxied.csv: 2 data rows, no problems found').waitFor();
    await tab.getByLabel('Job name').fill('behind a proxy');
    await tab.getByRole('button', { name: 'Create import job' }).click();
    const alert = tab.getByRole('alert');
    await alert.waitFor();
    const job = await jobNamed('behind a proxy');
    assert.equal((await alert.innerText()).replace(/\s+/g, ' '), `UploadRefusedByContentSecurityPolicy: The page's Content-Security-Policy does not `
      + `allow ${bucketOrigin()}, the bucket ${s3.bucket} this server uploads to, so the browser did not send proxied.csv. This server allows its `
      + 'bucket in the console\'s policy: a proxy in front of it may send a policy of its own, or the server could not work out the bucket\'s '
      + `address when it started (its log says so). Job ${job.JobId} was created without its file: upload the file with the curl command `
      + 'below, then Start the job here.');
    // No CORS rule to add: the bucket was never asked.
    assert.equal(await tab.getByRole('figure', { name: 'cors.json' }).count(), 0);
    const curl = await tab.getByRole('figure', { name: 'Upload the file with curl' }).locator('pre').innerText();
    assert.equal(curl, `curl -T 'proxied.csv' -H 'x-amz-server-side-encryption:aws:kms' '${job.PreSignedUrl}'`);
    // Run by a shell in the folder holding the file, as shown: the file is in the bucket, and Start imports it.
    writeFileSync(join(work, 'proxied.csv'), body);
    const up = await run('sh', ['-c', `cd '${work}' && ${curl} -sS -f -o /dev/null -w '%{http_code}'`]);
    assert.equal(up.stdout, '200', up.stderr);
    assert.equal((await getObject(s3, objectKey(s3, `${KEY_A.accountId}/${poolId}/${job.JobId}`))).body.toString('utf8'), body);
    await startInConsole('behind a proxy', 2, tab);
  } finally {
    await proxied.close();
  }
});

test('a job\'s failed rows imported again as a new job: read from the bucket, uploaded to it from the job\'s page', { skip }, async () => {
  const body = csvText([userRow(21), userRow(22, { 'cognito:mfa_enabled': 'maybe' })], header);
  const { jobId } = await uploadedJob(sdk, poolId, body, 'with a failure');
  await startJob(sdk, poolId, jobId);
  assert.equal((await waitForJob(sdk, poolId, jobId)).FailedUsers, 1);

  await page.goto(`${server.url}/console/#/pools/${poolId}/jobs/${jobId}`);
  await page.getByRole('button', { name: 'Import failed rows as a new job' }).click();
  await page.getByRole('heading', { name: 'Import job with a failure-failed' }).waitFor();
  const again = await jobNamed('with a failure-failed');
  const stored = await getObject(s3, objectKey(s3, `${KEY_A.accountId}/${poolId}/${again.JobId}`));
  assert.equal(stored.body.toString('utf8'), `${body.split('\n')[0]}\n${body.split('\n')[2]}\n`);
  const row = jobRow(page, 'with a failure-failed');
  await row.getByRole('button', { name: 'Start' }).click();
  const end = await untilBar('the re-run at its end', row, (s) => s.status === 'Failed');
  assert.match(end.counters, /^Imported 0 · Skipped 0 · Failed 1/);
});
