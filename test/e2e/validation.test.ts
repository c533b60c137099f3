// Input validation at the wire, with raw signed requests (SDK clients validate before sending):
// every bad or unusual body is a 400 with a message that says where and what, never a 500, and
// changes nothing; what AWS accepts is accepted; no request holds the event loop for long.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { KEY_A, startTestServer, type TestServer } from '../helpers/server';
import { callApi, type RawResponse } from '../helpers/signing';
import { postRaw, signRaw, timedAnswer } from '../helpers/rawBody';

let server: TestServer;
before(async () => { server = await startTestServer({}); });
after(() => server.close());

const call = (operation: string, input: unknown): Promise<RawResponse> => callApi(server.url, operation, input, { key: KEY_A });
const raw = (operation: string, body: string | Buffer): Promise<RawResponse> => postRaw(server.url, operation, body, KEY_A);

function assertError(r: RawResponse, type: string, message: string | RegExp): void {
  assert.equal(r.status, 400, r.text.slice(0, 500));
  assert.equal(r.headers.get('x-amzn-errortype'), `${type}:`);
  assert.deepEqual(Object.keys(r.json), ['__type', 'message']);
  assert.equal(r.json.__type, type);
  if (typeof message === 'string') assert.equal(r.json.message, message);
  else assert.match(String(r.json.message), message);
}

async function pools(): Promise<unknown> {
  const r = await call('ListUserPools', { MaxResults: 60 });
  assert.equal(r.status, 200, r.text);
  return r.json.UserPools;
}

/** A request that must be refused with this error and leave the pools as they were. */
async function refused(send: () => Promise<RawResponse>, type: string, message: string | RegExp): Promise<void> {
  const before = await pools();
  assertError(await send(), type, message);
  assert.deepEqual(await pools(), before);
}

async function created(body: string): Promise<Record<string, unknown>> {
  const r = await raw('CreateUserPool', body);
  assert.equal(r.status, 200, r.text.slice(0, 500));
  return r.json.UserPool as Record<string, unknown>;
}

const EMAIL_PATTERN = '[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+@[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+';

test('the SMS templates AWS accepts are accepted, and the verification one must still hold {####}', async () => {
  const invite = 'Your username is {username} and temporary password is {####}.';
  const pool = await created(JSON.stringify({
    PoolName: 'sms', SmsVerificationMessage: 'Your verification code is {####}.',
    AdminCreateUserConfig: { InviteMessageTemplate: { SMSMessage: invite } },
    VerificationMessageTemplate: { SmsMessage: 'Your code is {####}' },
  }));
  assert.equal((pool.AdminCreateUserConfig as { InviteMessageTemplate: { SMSMessage: string } }).InviteMessageTemplate.SMSMessage, invite);
  await created(JSON.stringify({ PoolName: 'sms-lines', AdminCreateUserConfig: { InviteMessageTemplate: { SMSMessage: 'Hello {username},\nyour password is {####}' } } }));
  await refused(() => call('CreateUserPool', { PoolName: 'sms', SmsVerificationMessage: 'Your verification code is 1234.' }), 'InvalidParameterException',
    "1 validation error detected: Value 'Your verification code is 1234.' at 'smsVerificationMessage' failed to satisfy constraint: Member must satisfy regular expression pattern: .*\\{####\\}.*");
});

test('ReplyToEmailAddress of 80,000 \'@\' and a space: refused at once, the event loop free (was 10 s)', async (t) => {
  const body = JSON.stringify({ PoolName: 'reply', EmailConfiguration: { ReplyToEmailAddress: `${'@'.repeat(80_000)} ` } });
  const before = await pools();
  const { response, loopHeldMs } = await timedAnswer(await signRaw(server.url, 'CreateUserPool', body, KEY_A));
  t.diagnostic(`event loop held ${loopHeldMs.toFixed(1)} ms`);
  assertError(response, 'InvalidParameterException',
    // The value is echoed cut to its first 4,096 characters (MAX_ECHO).
    new RegExp(`^1 validation error detected: Value '@{4096}\\.\\.\\.' at 'emailConfiguration.replyToEmailAddress' failed to satisfy constraint: Member must satisfy regular expression pattern: ${EMAIL_PATTERN.replace(/[\\[\]{}+]/g, '\\$&')}$`));
  assert.ok(loopHeldMs < 500, `held ${loopHeldMs} ms`);
  assert.deepEqual(await pools(), before);
});

test('a value over its maximum length is refused on its length alone; under its minimum, on both', async () => {
  const long = `${'x'.repeat(128)}!`;
  await refused(() => call('CreateUserPool', { PoolName: long }), 'InvalidParameterException',
    `1 validation error detected: Value '${long}' at 'poolName' failed to satisfy constraint: Member must have length less than or equal to 128`);
  await refused(() => call('DescribeUserPool', { UserPoolId: '' }), 'InvalidParameterException',
    "2 validation errors detected: Value '' at 'userPoolId' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
    "Value '' at 'userPoolId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w-]+_[0-9a-zA-Z]+");
  // Lengths count code points, as the model means: 128 emoji fit in a 128-character name... if the pattern allowed them.
  await refused(() => call('CreateUserPool', { PoolName: '😀'.repeat(129) }), 'InvalidParameterException', /Member must have length less than or equal to 128$/);
});

test('JSON nested deeper than 100 levels is a SerializationException, wherever it is (was a 500 from 5,000 levels)', async () => {
  const nest = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`;
  // The body is level 1: an unknown member 99 arrays deep makes 100, the most accepted.
  assert.equal((await raw('ListUserPools', `{"MaxResults":1,"Unknown":${nest(99)}}`)).status, 200);
  const message = 'The request body nests objects and arrays more than 100 levels deep, the most this API accepts.';
  await refused(() => raw('ListUserPools', `{"MaxResults":1,"Unknown":${nest(100)}}`), 'SerializationException', message);
  const schema = `${'{"Name":"a"},'.repeat(50)}{"X":${nest(5000)}}`;
  await refused(() => raw('CreateUserPool', `{"PoolName":"deep","Schema":[${schema}]}`), 'SerializationException', message);
  await refused(() => raw('CreateUserPool', `{"PoolName":"deep","UserPoolTags":{"a":${nest(400_000)}}}`), 'SerializationException', message);
  // Brackets inside strings are text, and so are escaped quotes.
  assert.equal((await raw('ListUserPools', `{"MaxResults":1,"Unknown":"\\"${'['.repeat(500)}"}`)).status, 200);
});

test('null inside a list or a map is refused; a null member is an absent one', async () => {
  await refused(() => call('CreateUserPool', { PoolName: 'n', AutoVerifiedAttributes: [null] }), 'SerializationException',
    "The value at 'autoVerifiedAttributes.1.member' is null, and a list cannot hold null.");
  await refused(() => call('CreateUserPool', { PoolName: 'n', AutoVerifiedAttributes: ['email', null] }), 'SerializationException',
    "The value at 'autoVerifiedAttributes.2.member' is null, and a list cannot hold null.");
  await refused(() => call('CreateUserPool', { PoolName: 'n', Schema: [null] }), 'SerializationException',
    "The value at 'schema.1.member' is null, and a list cannot hold null.");
  await refused(() => call('CreateUserPool', { PoolName: 'n', UserPoolTags: { team: null } }), 'SerializationException',
    "The value at 'userPoolTags.team' is null, and a map cannot hold null.");
  const pool = await created(JSON.stringify({ PoolName: 'nulls', DeletionProtection: null, UserPoolTags: null }));
  assert.equal(pool.DeletionProtection, 'INACTIVE');
});

test('map keys __proto__ and constructor are tags like any other', async () => {
  const pool = await created('{"PoolName":"proto","UserPoolTags":{"__proto__":"x","constructor":"y","toString":"z"}}');
  const expected = [['__proto__', 'x'], ['constructor', 'y'], ['toString', 'z']];
  assert.deepEqual(Object.entries(pool.UserPoolTags as object), expected);
  const described = await call('DescribeUserPool', { UserPoolId: pool.Id });
  assert.deepEqual(Object.entries((described.json.UserPool as { UserPoolTags: object }).UserPoolTags), expected);
});

test('a value of the wrong type, anywhere, is a SerializationException naming where', async () => {
  const at = (path: string, what: string, found: string): string => `The value at '${path}' cannot be read as ${what}: found ${found}.`;
  const cases: [string, string, string][] = [
    ['ListUserPools', '{"MaxResults":"10"}', at('maxResults', 'an integer', 'a string')],
    ['ListUserPools', '{"MaxResults":1.5}', at('maxResults', 'a whole number', 'a number')],
    ['ListUserPools', '{"MaxResults":true}', at('maxResults', 'an integer', 'a boolean')],
    ['ListUserPools', '{"MaxResults":"NaN"}', at('maxResults', 'an integer', 'a string')],
    ['ListUserPools', '{"MaxResults":[10]}', at('maxResults', 'an integer', 'an array')],
    ['CreateUserPool', '{"PoolName":{}}', at('poolName', 'a string', 'an object')],
    ['CreateUserPool', '{"PoolName":"p","UsernameConfiguration":{"CaseSensitive":"true"}}', at('usernameConfiguration.caseSensitive', 'a boolean', 'a string')],
    ['CreateUserPool', '{"PoolName":"p","AutoVerifiedAttributes":{"0":"email"}}', at('autoVerifiedAttributes', 'a list', 'an object')],
    ['CreateUserPool', '{"PoolName":"p","AutoVerifiedAttributes":["email",["email"]]}', at('autoVerifiedAttributes.2.member', 'a string', 'an array')],
    ['CreateUserPool', '{"PoolName":"p","Policies":[]}', at('policies', 'a structure', 'an array')],
    ['CreateUserPool', '{"PoolName":"p","UserPoolTags":["a"]}', at('userPoolTags', 'a map', 'an array')],
    ['CreateUserPool', '{"PoolName":"p","Schema":[{"Name":5}]}', at('schema.1.member.name', 'a string', 'a number')],
  ];
  for (const [op, body, message] of cases) await refused(() => raw(op, body), 'SerializationException', message);
  const range = (path: string, what: string): string => `The value at '${path}' cannot be read as ${what}: the number is out of its range.`;
  for (const n of ['1e400', '-1e400', '2147483648', '123000000000000000000000', '-9223372000000000000']) {
    await refused(() => raw('ListUserPools', `{"MaxResults":${n}}`), 'SerializationException', range('maxResults', 'a 32-bit integer'));
  }
  await refused(() => raw('ListUserPools', '{"MaxResults":-0}'), 'InvalidParameterException',
    "1 validation error detected: Value '0' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1");
  await refused(() => raw('ListUserPools', '{"MaxResults":NaN}'), 'SerializationException', /^The request body is not valid JSON: /);
});

test('duplicated keys: the last one counts (as JSON.parse and Jackson read them); unknown members are ignored, whatever their names', async () => {
  assert.equal((await raw('ListUserPools', '{"MaxResults":70,"MaxResults":1}')).status, 200);
  await refused(() => raw('ListUserPools', '{"MaxResults":1,"MaxResults":70}'), 'InvalidParameterException',
    "1 validation error detected: Value '70' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 60");
  const r = await raw('ListUserPools', `{"MaxResults":1,"${'m'.repeat(100_000)}":1,"__proto__":{"MaxResults":70},"constructor":1}`);
  assert.equal(r.status, 200, r.text);
});

test('a body that is not UTF-8 is a SerializationException', async () => {
  const body = Buffer.concat([Buffer.from('{"PoolName":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]);
  await refused(() => raw('CreateUserPool', body), 'SerializationException', 'The request body is not valid UTF-8.');
});

test('past 100 violations the count stays exact and the first 100 are written out', async () => {
  // 150 attributes over the 50 allowed, each name empty: too short and not matching its pattern.
  const schema = Array.from({ length: 150 }, () => ({ Name: '' }));
  const before = await pools();
  const r = await call('CreateUserPool', { PoolName: 'many', Schema: schema });
  assertError(r, 'InvalidParameterException', /^301 validation errors detected: Value '\[\{"Name":""\}, .*; and 201 more$/);
  assert.equal(String(r.json.message).split('failed to satisfy constraint').length - 1, 100);
  assert.deepEqual(await pools(), before);
});

test('no refused request holds the event loop for long, at the 1 MiB body limit', async (t) => {
  const MiB = 1024 * 1024;
  const bodies: [string, string, string | Buffer][] = [
    ['email: 1 MiB of @ then a lone surrogate', 'CreateUserPool', JSON.stringify({ PoolName: 'p', EmailConfiguration: { ReplyToEmailAddress: `${'@'.repeat(MiB - 200)}\ud800` } })],
    ['email template 1 MiB of {## (over its 20,000)', 'CreateUserPool', JSON.stringify({ PoolName: 'p', EmailVerificationMessage: '{##'.repeat(340_000) })],
    ['500,000 levels of nesting', 'ListUserPools', `{"X":${'['.repeat(500_000)}${']'.repeat(500_000)}}`],
    ['20,000 bad schema attributes', 'CreateUserPool', JSON.stringify({ PoolName: 'p', Schema: Array.from({ length: 20_000 }, () => ({ Name: '', AttributeDataType: 'X' })) })],
    ['1 MiB not UTF-8', 'CreateUserPool', Buffer.concat([Buffer.from('{"PoolName":"'), Buffer.alloc(MiB - 100, 0xff), Buffer.from('"}')])],
  ];
  const worst: string[] = [];
  for (const [what, op, body] of bodies) {
    const signed = await signRaw(server.url, op, body, KEY_A);
    let least = Infinity;
    for (let attempt = 0; attempt < 3 && least > 50; attempt++) { // the least of a few: load only ever adds
      const { response, loopHeldMs } = await timedAnswer(signed);
      assert.equal(response.status, 400, `${what}: ${response.text.slice(0, 300)}`);
      least = Math.min(least, loopHeldMs);
    }
    t.diagnostic(`${what}: event loop held ${least.toFixed(1)} ms`);
    if (least > 250) worst.push(`${what}: ${least.toFixed(0)} ms`);
  }
  assert.deepEqual(worst, []);
});
