// Users imported with PasswordHashingAlgorithm sign in with their original passwords: a job per
// algorithm, its hashes as each algorithm's own library (or its published test vectors) wrote
// them. The first password sign-in replaces the hash with the server's own and makes the SRP
// verifier; USER_SRP_AUTH before that is refused with the reason, and works after it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { AdminGetUserCommand, InitiateAuthCommand, type CognitoIdentityProviderClient, type PasswordHashingAlgorithmType } from '@aws-sdk/client-cognito-identity-provider';
import bcrypt from 'bcryptjs';
import { hash as argon2Hash } from '@node-rs/argon2';
import { pbkdf2Sync, randomBytes } from 'node:crypto';
import { AuthenticationDetails, CognitoUser, CognitoUserPool } from 'amazon-cognito-identity-js';
import { KEY_A, startTestServer, type TestServer } from '../helpers/server';
import { userRow } from '../helpers/csv';
import { HASH_VECTORS, ab64 } from '../helpers/hashVectors';
import { importedPool, newClient } from '../helpers/signIn';
import { until } from '../helpers/jobs';

let server: TestServer;
let sdk: CognitoIdentityProviderClient;

interface Case { algorithm: PasswordHashingAlgorithmType; password: string; hash: string; what: string }

/** Hashes made here by each algorithm's own library, and the published vectors (helpers/hashVectors.ts). */
async function cases(): Promise<Case[]> {
  const salt = randomBytes(16);
  const made: Case[] = [
    { algorithm: 'BCRYPT', password: 'Bcrypt-pass-1', hash: bcrypt.hashSync('Bcrypt-pass-1', 10), what: 'bcryptjs $2b$ cost 10' },
    { algorithm: 'ARGON2ID', password: 'Argon-pass-1', hash: await argon2Hash('Argon-pass-1', { memoryCost: 19_456, timeCost: 2 }), what: '@node-rs/argon2' },
    {
      algorithm: 'PBKDF2_SHA256', password: 'Pbkdf2-pass-1', what: "passlib's form, made with Node's pbkdf2",
      hash: `$pbkdf2-sha256$29000$${ab64(salt)}$${ab64(pbkdf2Sync('Pbkdf2-pass-1', salt, 29000, 32, 'sha256'))}`,
    },
  ];
  const vectors = HASH_VECTORS.filter((v) => v.password !== '').map((v) => ({ ...v, what: v.source }));
  return [...made, ...vectors];
}

function srpSignIn(poolId: string, clientId: string, username: string, password: string): Promise<unknown> {
  const pool = new CognitoUserPool({ UserPoolId: poolId, ClientId: clientId, endpoint: `${server.url}/` });
  const user = new CognitoUser({ Username: username, Pool: pool });
  return new Promise((resolve, reject) => user.authenticateUser(new AuthenticationDetails({ Username: username, Password: password }), { onSuccess: resolve, onFailure: reject }));
}

before(async () => { server = await startTestServer({ worker: { concurrency: 1 } }); sdk = server.client(); });
after(() => server.close());

test('each algorithm: imported CONFIRMED, the original password signs in, a wrong one does not, SRP once the password is known', async () => {
  const all = await cases();
  for (const algorithm of ['BCRYPT', 'ARGON2ID', 'SCRYPT', 'PBKDF2_SHA256'] as const) {
    const mine = all.filter((c) => c.algorithm === algorithm);
    const rows = mine.map((c, i) => userRow(i + 1, { 'cognito:password_hash': c.hash.replaceAll(',', '\\,') }));
    const poolId = await importedPool(sdk, server.logsClient(), rows, { algorithm, name: `hashes-${algorithm.toLowerCase()}` });
    const { clientId } = await newClient(sdk, poolId);
    for (const [i, c] of mine.entries()) {
      const username = `user${i + 1}`;
      const label = `${algorithm} ${c.what}`;
      assert.equal((await sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: username }))).UserStatus, 'CONFIRMED', label);
      await assert.rejects(srpSignIn(poolId, clientId, username, c.password), (e: Error) => /no SRP verifier yet/.test(e.message), label);
      // A wrong password (changed at its start: bcrypt reads only the first 72 bytes).
      await assert.rejects(sdk.send(new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: username, PASSWORD: `x${c.password}` } })),
        { name: 'NotAuthorizedException', message: 'Incorrect username or password.' }, label);
      const r = await sdk.send(new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: username, PASSWORD: c.password } }));
      assert.equal(typeof r.AuthenticationResult?.IdToken, 'string', label);
      // The imported hash is gone soon after the answer: the server's own scrypt hash replaced it.
      const store = await server.openStore();
      const stored = await until(`${label}: upgraded hash`, async () => (await store.users.findUser(KEY_A.accountId, poolId, username))?.passwordHash ?? '',
        (h) => h !== c.hash, 10_000);
      await store.close();
      assert.ok(stored.startsWith('$scrypt$ln=15,r=8,p=1$'), label);
      await srpSignIn(poolId, clientId, username, c.password);
      // The server's own hash from now on: the password still signs in.
      const again = await sdk.send(new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: username, PASSWORD: c.password } }));
      assert.equal(typeof again.AuthenticationResult?.AccessToken, 'string', label);
    }
  }
});
