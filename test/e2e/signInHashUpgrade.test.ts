// An imported hash is replaced by the server's own after the first password sign-in, in the
// background (src/signin/hashUpgrades.ts): a ChangePassword sent at once, while the upgrade of the
// same password lands, still changes it; a server stopped with upgrades waiting drops them, and
// every user still signs in with the imported hash afterwards. One hashing slot, so that the
// upgrade and the requests take turns on it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ChangePasswordCommand, InitiateAuthCommand, type CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import bcrypt from 'bcryptjs';
import { AuthenticationDetails, CognitoUser, CognitoUserPool } from 'amazon-cognito-identity-js';
import { KEY_A, startTestServer, type TestServer } from '../helpers/server';
import { userRow } from '../helpers/csv';
import { importedPool, newClient } from '../helpers/signIn';
import { until } from '../helpers/jobs';

const passwordOf = (i: number): string => `Imported-pass-${i}`;
const rows = (n: number, cost: number) => Array.from({ length: n }, (_, i) => userRow(i + 1, { 'cognito:password_hash': bcrypt.hashSync(passwordOf(i + 1), cost) }));

const signIn = (sdk: CognitoIdentityProviderClient, clientId: string, username: string, password: string) =>
  sdk.send(new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: username, PASSWORD: password } }));

function srpSignIn(server: TestServer, poolId: string, clientId: string, username: string, password: string): Promise<unknown> {
  const user = new CognitoUser({ Username: username, Pool: new CognitoUserPool({ UserPoolId: poolId, ClientId: clientId, endpoint: `${server.url}/` }) });
  return new Promise((resolve, reject) => user.authenticateUser(new AuthenticationDetails({ Username: username, Password: password }), { onSuccess: resolve, onFailure: reject }));
}

test('ChangePassword sent right after the first sign-in of an imported user changes the password; the upgrade does not undo it', async () => {
  const server = await startTestServer({ worker: { concurrency: 1 }, hashingConcurrency: 1 });
  try {
    const sdk = server.client();
    const poolId = await importedPool(sdk, server.logsClient(), rows(3, 10), { algorithm: 'BCRYPT', name: 'upgrade-change' });
    const { clientId } = await newClient(sdk, poolId);
    for (const i of [1, 2, 3]) {
      const username = `user${i}`;
      const t = (await signIn(sdk, clientId, username, passwordOf(i))).AuthenticationResult!;
      await sdk.send(new ChangePasswordCommand({ AccessToken: t.AccessToken!, PreviousPassword: passwordOf(i), ProposedPassword: `Changed-pass-${i}` }));
      await assert.rejects(signIn(sdk, clientId, username, passwordOf(i)), { name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
      assert.equal(typeof (await signIn(sdk, clientId, username, `Changed-pass-${i}`)).AuthenticationResult?.IdToken, 'string');
      // The verifier is the new password's too.
      await srpSignIn(server, poolId, clientId, username, `Changed-pass-${i}`);
    }
  } finally {
    await server.close();
  }
});

test('a server stopped with upgrades waiting drops them: every user signs in with the imported hash after the restart, and is upgraded then', async () => {
  const n = 12;
  const first = await startTestServer({ worker: { concurrency: 1 }, hashingConcurrency: 1, keepDatabase: true });
  const sdk = first.client();
  const poolId = await importedPool(sdk, first.logsClient(), rows(n, 4), { algorithm: 'BCRYPT', name: 'upgrade-stop' });
  const { clientId } = await newClient(sdk, poolId);
  const users = Array.from({ length: n }, (_, i) => i + 1);
  await Promise.all(users.map((i) => signIn(sdk, clientId, `user${i}`, passwordOf(i))));
  // Seen from outside as an operator sees it: upgrades pending, waiting in the hashing queue's idle lane.
  const metrics = await (await fetch(`${first.url}/metrics`)).text();
  assert.ok(Number(/^cognito_import_password_upgrades_pending (\d+)$/m.exec(metrics)?.[1]) > 0, metrics);
  assert.ok(Number(/^cognito_import_password_hashes\{state="idle_waiting"\} (\d+)$/m.exec(metrics)?.[1]) > 0, metrics);
  await first.close(); // one scrypt a time on one slot: most of the twelve upgrades still wait
  const second = await startTestServer({ dataDir: first.dataDir, blobStore: first.blobStore, databaseUrl: first.databaseUrl, hashingConcurrency: 1 });
  try {
    const store = await second.openStore();
    const hashes = await Promise.all(users.map(async (i) => (await store.users.findUser(KEY_A.accountId, poolId, `user${i}`))!.passwordHash!));
    await store.close();
    const upgraded = hashes.filter((h) => h.startsWith('$scrypt$')).length;
    assert.ok(upgraded < n, `${upgraded} of ${n} upgraded before the stop: the waiting ones were not dropped`);
    const sdk2 = second.client();
    for (const i of users) assert.equal(typeof (await signIn(sdk2, clientId, `user${i}`, passwordOf(i))).AuthenticationResult?.IdToken, 'string');
    const check = await second.openStore();
    try {
      await until('every user upgraded', async () => (await Promise.all(users.map(async (i) => (await check.users.findUser(KEY_A.accountId, poolId, `user${i}`))!.passwordHash!)))
        .filter((h) => !h.startsWith('$scrypt$')).length, (left) => left === 0, 20_000);
    } finally {
      await check.close();
    }
  } finally {
    await second.close();
  }
});
