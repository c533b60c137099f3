// SigV4 on the API (spec section 1) with the SDK v3 client and raw requests signed by
// @smithy/signature-v4: every refusal has AWS's error name and message, and changes nothing. The
// canonical request itself is checked against AWS's test suite in test/unit/sigv4Vectors.test.ts;
// here, at the wire, what only a real HTTP request has: a query, a header on several lines.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateUserPoolCommand, CreateUserImportJobCommand, DescribeUserImportJobCommand, DescribeUserPoolCommand,
  GetCSVHeaderCommand, ListUserImportJobsCommand, ListUserPoolsCommand, StartUserImportJobCommand,
  StopUserImportJobCommand, CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, cleanup, FakeClock, KEY_A, KEY_B, ROLE_ARN, type TestServer } from '../helpers/server';
import { uploadCsv } from '../helpers/upload';
import { amzDate, callApi, send, signedRequest, unsignedRequest, type RawResponse } from '../helpers/signing';
import { repeat, sendList, signList, type ListRequest, type SignOptions } from '../helpers/rawSigning';

const NOW = Math.floor(Date.now() / 1000) * 1000;
const MIN = 60 * 1000;
const MISMATCH = 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

let clock: FakeClock;
let server: TestServer;
let sdk: CognitoIdentityProviderClient;
let sdkB: CognitoIdentityProviderClient;
let poolId: string;
let jobId: string;

before(async () => {
  clock = new FakeClock(NOW);
  server = await startTestServer({ clock });
  sdk = server.client({ clock });
  sdkB = server.client({ key: KEY_B, clock });
  poolId = (await sdk.send(new CreateUserPoolCommand({ PoolName: 'auth-test', AutoVerifiedAttributes: ['email'] }))).UserPool!.Id!;
  const job = await sdk.send(new CreateUserImportJobCommand({ UserPoolId: poolId, JobName: 'auth', CloudWatchLogsRoleArn: ROLE_ARN }));
  jobId = job.UserImportJob!.JobId!;
  // With a file uploaded, a Start that got through would succeed: the refusals below are the only thing in the way.
  assert.equal((await uploadCsv(job.UserImportJob!.PreSignedUrl!, 'x\n')).status, 200);
});
after(async () => {
  await server.close();
  cleanup(server.dataDir);
});

/** Everything both accounts can see: pools, the job list and the job. */
async function state(): Promise<string> {
  return JSON.stringify([
    await sdk.send(new ListUserPoolsCommand({ MaxResults: 60 })),
    await sdkB.send(new ListUserPoolsCommand({ MaxResults: 60 })),
    await sdk.send(new ListUserImportJobsCommand({ UserPoolId: poolId, MaxResults: 60 })),
  ].map(({ $metadata: _, ...rest }) => rest));
}

async function changesNothing(refuse: () => Promise<void>): Promise<void> {
  const was = await state();
  await refuse();
  assert.equal(await state(), was);
}

function assertRawError(r: RawResponse, type: string, message: string): void {
  assert.equal(r.status, 400);
  assert.equal(r.headers.get('content-type'), 'application/x-amz-json-1.1');
  assert.equal(r.headers.get('x-amzn-errortype'), `${type}:`);
  assert.ok(r.headers.get('x-amzn-requestid'));
  assert.deepEqual(r.json, { __type: type, message });
}

const jobInput = (): { UserPoolId: string; JobId: string } => ({ UserPoolId: poolId, JobId: jobId });

test('a raw request signed with @smithy/signature-v4 is accepted (the control for the rest)', async () => {
  const r = await callApi(server.url, 'DescribeUserImportJob', jobInput(), { key: KEY_A, date: new Date(NOW) });
  assert.equal(r.status, 200);
  assert.equal((r.json.UserImportJob as { Status: string }).Status, 'Created');
});

test('unsigned request: 400 MissingAuthenticationTokenException', async () => {
  await changesNothing(async () => {
    const r = await send(unsignedRequest(server.url, 'CreateUserPool', { PoolName: 'unsigned' }));
    assertRawError(r, 'MissingAuthenticationTokenException', 'Missing Authentication Token');
  });
});

test('wrong secret: InvalidSignatureException with AWS message (SDK and raw)', async () => {
  const bad = { ...KEY_A, secretAccessKey: 'not-the-secret-0000000000000000000000000' };
  await changesNothing(async () => {
    await assert.rejects(server.client({ key: bad, clock }).send(new CreateUserPoolCommand({ PoolName: 'wrong-secret' })),
      (e: Error & { $metadata?: { httpStatusCode?: number } }) => {
        assert.deepEqual([e.name, e.message, e.$metadata?.httpStatusCode], ['InvalidSignatureException', MISMATCH, 400]);
        return true;
      });
    const r = await callApi(server.url, 'StartUserImportJob', jobInput(), { key: bad, date: new Date(NOW) });
    assertRawError(r, 'InvalidSignatureException', MISMATCH);
  });
});

test('unknown access key: UnrecognizedClientException', async () => {
  const stranger = { accessKeyId: 'AKIANOBODYKNOWSTHIS0', secretAccessKey: 'whatever0000000000000000000000000000000', accountId: '333333333333' };
  await changesNothing(async () => {
    await assert.rejects(server.client({ key: stranger, clock }).send(new CreateUserPoolCommand({ PoolName: 'stranger' })),
      { name: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' });
  });
});

test('a date 16 minutes off either way is refused; 14 minutes is accepted', async () => {
  await changesNothing(async () => {
    const early = await callApi(server.url, 'StartUserImportJob', jobInput(), { key: KEY_A, date: new Date(NOW - 16 * MIN) });
    assertRawError(early, 'InvalidSignatureException',
      `Signature expired: ${amzDate(NOW - 16 * MIN)} is now earlier than ${amzDate(NOW - 15 * MIN)} (${amzDate(NOW)} - 15 min.)`);
    const late = await callApi(server.url, 'StartUserImportJob', jobInput(), { key: KEY_A, date: new Date(NOW + 16 * MIN) });
    assertRawError(late, 'InvalidSignatureException',
      `Signature not yet current: ${amzDate(NOW + 16 * MIN)} is still later than ${amzDate(NOW + 15 * MIN)} (${amzDate(NOW)} + 15 min.)`);
  });
  for (const skew of [-14 * MIN, 14 * MIN]) {
    const ok = await callApi(server.url, 'DescribeUserImportJob', jobInput(), { key: KEY_A, date: new Date(NOW + skew) });
    assert.equal(ok.status, 200, ok.text);
  }
});

test('a body changed after signing: InvalidSignatureException; the original goes through', async () => {
  const signed = await signedRequest(server.url, 'CreateUserImportJob',
    { UserPoolId: poolId, JobName: 'signed', CloudWatchLogsRoleArn: ROLE_ARN }, { key: KEY_A, date: new Date(NOW) });
  await changesNothing(async () => {
    const r = await send({ ...signed, body: signed.body.replace('"signed"', '"forged"') });
    assertRawError(r, 'InvalidSignatureException', MISMATCH);
  });
  const r = await send(signed);
  assert.equal(r.status, 200, r.text);
  assert.equal((r.json.UserImportJob as { JobName: string }).JobName, 'signed');
});

test('a signed Describe replayed as Start (other X-Amz-Target): InvalidSignatureException', async () => {
  const signed = await signedRequest(server.url, 'DescribeUserImportJob', jobInput(), { key: KEY_A, date: new Date(NOW) });
  await changesNothing(async () => {
    const r = await send({ ...signed, headers: { ...signed.headers, 'x-amz-target': 'AWSCognitoIdentityProviderService.StartUserImportJob' } });
    assertRawError(r, 'InvalidSignatureException', MISMATCH);
  });
  const r = await send(signed);
  assert.equal(r.status, 200, r.text);
  assert.equal((r.json.UserImportJob as { Status: string }).Status, 'Created');
});

test('an Authorization header missing parts: IncompleteSignatureException naming each one', async () => {
  const credential = `Credential=${KEY_A.accessKeyId}/${amzDate(NOW).slice(0, 8)}/us-west-2/cognito-idp/aws4_request`;
  await changesNothing(async () => {
    const onlyCredential = unsignedRequest(server.url, 'StartUserImportJob', jobInput());
    onlyCredential.headers['x-amz-date'] = amzDate(NOW);
    onlyCredential.headers.authorization = `AWS4-HMAC-SHA256 ${credential}`;
    assertRawError(await send(onlyCredential), 'IncompleteSignatureException',
      "Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. "
      + `Authorization=AWS4-HMAC-SHA256 ${credential}`);

    const signed = await signedRequest(server.url, 'StartUserImportJob', jobInput(), { key: KEY_A, date: new Date(NOW) });
    const { 'x-amz-date': _, ...noDate } = signed.headers;
    const auth = noDate.authorization.replace(/, SignedHeaders=[^,]+/, '');
    assertRawError(await send({ ...signed, headers: { ...noDate, authorization: auth } }), 'IncompleteSignatureException',
      "Authorization header requires 'SignedHeaders' parameter. "
      + "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. "
      + `Authorization=${auth}`);
  });
});

test('a credential scoped to another service: InvalidSignatureException', async () => {
  await changesNothing(async () => {
    const signed = await signedRequest(server.url, 'StartUserImportJob', jobInput(), { key: KEY_A, service: 's3', date: new Date(NOW) });
    assert.match(signed.headers.authorization, /\/us-west-2\/s3\/aws4_request/);
    assertRawError(await send(signed), 'InvalidSignatureException', "Credential should be scoped to correct service: 'cognito-idp'. ");
  });
});

test("another account (KEY_B) sees neither A's pool nor its job", async () => {
  const gone = { name: 'ResourceNotFoundException', message: `User pool ${poolId} does not exist.` };
  await changesNothing(async () => {
    await assert.rejects(sdkB.send(new DescribeUserImportJobCommand(jobInput())), gone);
    await assert.rejects(sdkB.send(new StartUserImportJobCommand(jobInput())), gone);
    await assert.rejects(sdkB.send(new StopUserImportJobCommand(jobInput())), gone);
    await assert.rejects(sdkB.send(new ListUserImportJobsCommand({ UserPoolId: poolId, MaxResults: 10 })), gone);
    await assert.rejects(sdkB.send(new GetCSVHeaderCommand({ UserPoolId: poolId })), gone);
    await assert.rejects(sdkB.send(new DescribeUserPoolCommand({ UserPoolId: poolId })), { name: 'ResourceNotFoundException' });
    await assert.rejects(sdkB.send(new CreateUserImportJobCommand({ UserPoolId: poolId, JobName: 'b', CloudWatchLogsRoleArn: ROLE_ARN })), gone);
    const raw = await callApi(server.url, 'StartUserImportJob', jobInput(), { key: KEY_B, date: new Date(NOW) });
    assertRawError(raw, 'ResourceNotFoundException', `User pool ${poolId} does not exist.`);
  });
  const bPools = await sdkB.send(new ListUserPoolsCommand({ MaxResults: 60 }));
  assert.deepEqual(bPools.UserPools, []);
  const aSees = await sdk.send(new DescribeUserImportJobCommand(jobInput()));
  assert.equal(aSees.UserImportJob!.Status, 'Created');
});

// ---- The canonical request as AWS computes it, at the wire (raw requests, header by header) ----

const signedList = (operation: string, input: unknown, o: Partial<SignOptions> = {}): Promise<ListRequest> =>
  signList(server.url, operation, input, { key: KEY_A, date: new Date(NOW), ...o });
const authorizationOf = (r: ListRequest): string => r.headers.find(([n]) => n === 'authorization')![1];

test('a correctly signed POST /?Param1=value1 is accepted: the query is part of what is signed', async () => {
  const r = await sendList(server.url, await signedList('DescribeUserImportJob', jobInput(), { query: { Param1: 'value1', 'a b': 'c+d' } }));
  assert.equal(r.status, 200, r.text);
  assert.equal((r.json.UserImportJob as { JobId: string }).JobId, jobId);
});

test('a query added or changed after signing: InvalidSignatureException, and nothing runs', async () => {
  await changesNothing(async () => {
    const plain = await signedList('StartUserImportJob', jobInput());
    assertRawError(await sendList(server.url, { ...plain, target: '/?Param1=value1' }), 'InvalidSignatureException', MISMATCH);
    const withQuery = await signedList('StartUserImportJob', jobInput(), { query: { Param1: 'value1' } });
    assertRawError(await sendList(server.url, { ...withQuery, target: '/?Param1=value2' }), 'InvalidSignatureException', MISMATCH);
    assertRawError(await sendList(server.url, { ...withQuery, target: '/?Param1=value1&Param2=x' }), 'InvalidSignatureException', MISMATCH);
  });
});

test('a header sent on several lines is signed as its values joined with "," (not Node\'s ", "), in the order sent', async () => {
  const signed = await signedList('DescribeUserImportJob', jobInput(), { headers: { 'my-header1': 'value2,value2,value1' } });
  const r = await sendList(server.url, { ...signed, headers: repeat(signed.headers, 'my-header1', ['value2', 'value2', 'value1']) });
  assert.equal(r.status, 200, r.text);
  await changesNothing(async () => {
    // The same lines in another order, or signed as Node would have joined them, are other requests.
    assertRawError(await sendList(server.url, { ...signed, headers: repeat(signed.headers, 'my-header1', ['value1', 'value2', 'value2']) }),
      'InvalidSignatureException', MISMATCH);
    const joinedWrong = await signedList('StartUserImportJob', jobInput(), { headers: { 'my-header1': 'value2, value1' } });
    assertRawError(await sendList(server.url, { ...joinedWrong, headers: repeat(joinedWrong.headers, 'my-header1', ['value2', 'value1']) }),
      'InvalidSignatureException', MISMATCH);
  });
});

test('runs of spaces in a header value count as one and spaces at either end as none, line by line', async () => {
  const signed = await signedList('DescribeUserImportJob', jobInput(), { headers: { 'x-custom': 'a b,c d', 'x-other': 'e f' } });
  const lines = repeat(repeat(signed.headers, 'x-custom', ['  a    b ', 'c  d   ']), 'x-other', ['e     f']);
  const r = await sendList(server.url, { ...signed, headers: lines });
  assert.equal(r.status, 200, r.text);
});

test('Host, X-Amz-Date and X-Amz-Target left out of SignedHeaders: InvalidSignatureException naming the header', async () => {
  await changesNothing(async () => {
    for (const [header, name] of [['host', 'Host'], ['x-amz-date', 'X-Amz-Date'], ['x-amz-target', 'X-Amz-Target']]) {
      const r = await signedList('StartUserImportJob', jobInput(), { unsigned: [header] });
      assert.doesNotMatch(authorizationOf(r), new RegExp(`SignedHeaders=[^,]*\\b${header}\\b`));
      assertRawError(await sendList(server.url, r), 'InvalidSignatureException', `'${name}' must be a 'SignedHeader' in the AWS Authorization.`);
    }
  });
});

test('a call signed without its X-Amz-Target cannot be replayed as another operation', async () => {
  const describe = await signedList('DescribeUserImportJob', jobInput(), { unsigned: ['x-amz-target'] });
  await changesNothing(async () => {
    const asStart = describe.headers.map(([n, v]): [string, string] => [n, n === 'x-amz-target' ? 'AWSCognitoIdentityProviderService.StartUserImportJob' : v]);
    assertRawError(await sendList(server.url, { ...describe, headers: asStart }), 'InvalidSignatureException',
      "'X-Amz-Target' must be a 'SignedHeader' in the AWS Authorization.");
  });
});

test('two Authorization headers: IncompleteSignatureException, even when both are the valid one', async () => {
  const signed = await signedList('StartUserImportJob', jobInput());
  const auth = authorizationOf(signed);
  const other = (await signedList('StartUserImportJob', jobInput(), { key: KEY_B })).headers.find(([n]) => n === 'authorization')![1];
  await changesNothing(async () => {
    for (const values of [[auth, auth], [other, auth], [auth, other, auth]]) {
      assertRawError(await sendList(server.url, { ...signed, headers: repeat(signed.headers, 'authorization', values) }),
        'IncompleteSignatureException', `Found ${values.length} 'Authorization' headers: a signed request carries exactly one.`);
    }
  });
});

test('a part given twice in the Authorization header (Signature, Credential, SignedHeaders): IncompleteSignatureException', async () => {
  const signed = await signedList('StartUserImportJob', jobInput());
  const auth = authorizationOf(signed);
  const part = (name: string): string => new RegExp(`${name}=[^,]+`).exec(auth)![0];
  await changesNothing(async () => {
    for (const name of ['Signature', 'Credential', 'SignedHeaders']) {
      const twice = `${auth}, ${part(name)}`;
      const r = await sendList(server.url, { ...signed, headers: signed.headers.map(([n, v]): [string, string] => [n, n === 'authorization' ? twice : v]) });
      assertRawError(r, 'IncompleteSignatureException', `'${name}' appears more than once in Authorization header: '${twice}'.`);
    }
  });
});

test('an Authorization header and X-Amz-Algorithm in the query: InvalidSignatureException, as Coral answers', async () => {
  await changesNothing(async () => {
    const signed = await signedList('StartUserImportJob', jobInput(), { query: { 'X-Amz-Algorithm': 'AWS4-HMAC-SHA256' } });
    assertRawError(await sendList(server.url, signed), 'InvalidSignatureException',
      "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.");
  });
});
