// One definition of "characters" in the CSV rules (spec section 3): Unicode code points, as the
// model's length traits count them, for every limit (16,000 a row, 128 a username, 2048 a value,
// a schema's MinLength/MaxLength). An emoji is one character, though two UTF-16 units. Imported
// through a real server with the AWS SDK v3; the users read back with AdminGetUser.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  AdminGetUserCommand, CognitoIdentityProviderClient, CreateUserPoolCommand, GetCSVHeaderCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { cleanup, startTestServer, type TestServer } from '../helpers/server';
import { runImport } from '../helpers/jobs';

let server: TestServer;
let sdk: CognitoIdentityProviderClient;
let logs: CloudWatchLogsClient;

before(async () => {
  server = await startTestServer({ worker: { concurrency: 1 } });
  sdk = server.client();
  logs = server.logsClient();
});
after(async () => {
  await server.close();
  cleanup(server.dataDir);
});

const SMILE = '😀'; // U+1F600: one code point, two UTF-16 units
const emoji = (n: number): string => SMILE.repeat(n);
async function attributesOf(poolId: string, username: string): Promise<Record<string, string>> {
  const u = await sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: username }));
  assert.equal(u.Username, username);
  return Object.fromEntries(u.UserAttributes!.map((a) => [a.Name!, a.Value!]));
}

const ok = (n: number): string => `[SUCCEEDED] Line Number ${n} - The import succeeded.`;
const failed = (n: number, reason: string): string => `[FAILED] Line Number ${n} - ${reason}`;

test('lengths count code points: emoji values, an emoji-heavy row and an emoji username import; over a limit, the rule\'s reason', async () => {
  const pool = (await sdk.send(new CreateUserPoolCommand({
    PoolName: 'codepoints', AutoVerifiedAttributes: ['email'],
    Schema: [{ Name: 'tier', AttributeDataType: 'String', StringAttributeConstraints: { MinLength: '2', MaxLength: '16' } }],
  }))).UserPool!.Id!;
  const header = (await sdk.send(new GetCSVHeaderCommand({ UserPoolId: pool }))).CSVHeader!;
  const line = (values: Record<string, string>): string => header.map((c) => values[c] ?? '').join(',');
  const user = (name: string, more: Record<string, string> = {}): Record<string, string> => ({
    'cognito:username': name, 'cognito:mfa_enabled': 'false', email: `${name}@example.com`, email_verified: 'true', ...more,
  });

  // 8,150 code points, 16,150 UTF-16 units: four values of 2,000 emoji and the rest ASCII.
  const heavy = user('heavy', { name: emoji(2000), given_name: emoji(2000), family_name: emoji(2000), middle_name: emoji(2000) });
  heavy.nickname = 'n'.repeat(8150 - [...line(heavy)].length);
  assert.equal([...line(heavy)].length, 8150);
  assert.ok(line(heavy).length > 16_000);
  // Every value within 2048 code points, the row over 16,000 of them (16,008 emoji alone).
  const over = user('over', Object.fromEntries(['name', 'given_name', 'family_name', 'middle_name', 'nickname', 'profile', 'picture', 'website']
    .map((c) => [c, emoji(2001)])));

  const rows = [
    user('name1500', { name: emoji(1500) }), // 3,000 UTF-16 units, 1,500 characters
    heavy,
    over,
    user('name2049', { name: emoji(2049) }),
    user(emoji(128)), // a username of 128 characters, 256 UTF-16 units
    user('tier16', { 'custom:tier': '🎉'.repeat(16) }),
    user('tier17', { 'custom:tier': '🎉'.repeat(17) }),
    user('tier1', { 'custom:tier': '🎉' }),
  ];
  const body = [header.join(','), ...rows.map(line)].join('\n') + '\n';
  const { job, lines } = await runImport(sdk, logs, { poolId: pool, poolName: 'codepoints', jobName: 'emoji', body });
  assert.deepEqual(lines, [
    ok(1), ok(2),
    failed(3, 'The row is longer than 16,000 characters, the most Cognito accepts in one row.'),
    failed(4, "The name value is longer than 2048 characters, the maximum in the user pool's schema."),
    ok(5), ok(6),
    failed(7, "The custom:tier value is longer than 16 characters, the maximum in the user pool's schema."),
    failed(8, "The custom:tier value is shorter than 2 characters, the minimum in the user pool's schema."),
  ]);
  assert.deepEqual([job.Status, job.ImportedUsers, job.SkippedUsers, job.FailedUsers], ['Succeeded', 4, 0, 4]);

  assert.equal((await attributesOf(pool, 'name1500')).name, emoji(1500));
  const stored = await attributesOf(pool, 'heavy');
  for (const c of ['name', 'given_name', 'family_name', 'middle_name', 'nickname']) assert.equal(stored[c], heavy[c], c);
  assert.equal((await attributesOf(pool, emoji(128))).email, `${emoji(128)}@example.com`);
  assert.equal((await attributesOf(pool, 'tier16'))['custom:tier'], '🎉'.repeat(16));
});
