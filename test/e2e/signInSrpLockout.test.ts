// An SRP challenge opened before the user was locked cannot be answered once the lock is on,
// even with the right password: challenges opened in advance buy no extra guesses. The client
// side is amazon-cognito-identity-js's own AuthenticationHelper, its answer sent over the wire.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import {
  AdminCreateUserCommand, AdminSetUserPasswordCommand, CreateUserPoolCommand, InitiateAuthCommand, RespondToAuthChallengeCommand, type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import * as cognito from 'amazon-cognito-identity-js';
import { startTestServer, type TestServer } from '../helpers/server';
import { newClient } from '../helpers/signIn';

interface Helper {
  getLargeAValue(cb: (err: unknown, A: { toString(radix: number): string }) => void): void;
  getPasswordAuthenticationKey(user: string, password: string, B: unknown, salt: unknown, cb: (err: unknown, key: Buffer) => void): void;
}
const lib = cognito as unknown as { AuthenticationHelper: new (poolName: string) => Helper; DateHelper: new () => { getNowString(): string } };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const BigInteger = require('amazon-cognito-identity-js/lib/BigInteger').default as new (hex: string, radix: number) => unknown;

let server: TestServer;
let sdk: CognitoIdentityProviderClient;
let poolId: string;
let clientId: string;
const PASSWORD = 'Right-Pass-1';

before(async () => {
  server = await startTestServer();
  sdk = server.client();
  poolId = (await sdk.send(new CreateUserPoolCommand({ PoolName: 'srp-lock' }))).UserPool!.Id!;
  ({ clientId } = await newClient(sdk, poolId));
  await sdk.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'eve', MessageAction: 'SUPPRESS' }));
  await sdk.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'eve', Password: PASSWORD, Permanent: true }));
});
after(() => server.close());

/** InitiateAuth USER_SRP_AUTH, then the right answer, signed as the library signs it: sent later by `answer()`. */
async function openChallenge(): Promise<{ answer(): Promise<unknown> }> {
  const poolName = poolId.split('_')[1];
  const helper = new lib.AuthenticationHelper(poolName);
  const A = await new Promise<string>((resolve) => helper.getLargeAValue((_e, a) => resolve(a.toString(16))));
  const c = await sdk.send(new InitiateAuthCommand({ AuthFlow: 'USER_SRP_AUTH', ClientId: clientId, AuthParameters: { USERNAME: 'eve', SRP_A: A } }));
  const p = c.ChallengeParameters!;
  const key = await new Promise<Buffer>((resolve, reject) => helper.getPasswordAuthenticationKey(p.USER_ID_FOR_SRP, PASSWORD,
    new BigInteger(p.SRP_B, 16), new BigInteger(p.SALT, 16), (e, k) => (e ? reject(e) : resolve(k))));
  return {
    answer() {
      const timestamp = new lib.DateHelper().getNowString();
      const signature = createHmac('sha256', key).update(Buffer.concat([
        Buffer.from(poolName), Buffer.from(p.USER_ID_FOR_SRP), Buffer.from(p.SECRET_BLOCK, 'base64'), Buffer.from(timestamp),
      ])).digest('base64');
      return sdk.send(new RespondToAuthChallengeCommand({
        ClientId: clientId, ChallengeName: 'PASSWORD_VERIFIER',
        ChallengeResponses: { USERNAME: p.USER_ID_FOR_SRP, PASSWORD_CLAIM_SECRET_BLOCK: p.SECRET_BLOCK, TIMESTAMP: timestamp, PASSWORD_CLAIM_SIGNATURE: signature },
      }));
    },
  };
}

test('a right SRP answer signs in; the same after a lock set since the challenge opened is refused', async () => {
  const first = await openChallenge();
  assert.equal(typeof ((await first.answer()) as { AuthenticationResult?: { IdToken?: string } }).AuthenticationResult?.IdToken, 'string');
  const early = await openChallenge();
  for (let i = 0; i < 5; i++) {
    await assert.rejects(sdk.send(new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: 'eve', PASSWORD: `Wrong-${i}-x` } })),
      { name: 'NotAuthorizedException' });
  }
  await assert.rejects(early.answer(), { name: 'NotAuthorizedException', message: 'Password attempts exceeded' });
});

test('an SRP challenge opened before the password changed cannot be answered with the old one', async () => {
  // A new password clears the lock the test before left.
  await sdk.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'eve', Password: PASSWORD, Permanent: true }));
  const early = await openChallenge();
  await sdk.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'eve', Password: 'Other-Pass-2', Permanent: true }));
  await assert.rejects(early.answer(), { name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
});

test('SRP_A that is not an SRP public value is refused at once', async () => {
  for (const A of ['0', 'zz', 'f'.repeat(2_000)]) {
    await assert.rejects(sdk.send(new InitiateAuthCommand({ AuthFlow: 'USER_SRP_AUTH', ClientId: clientId, AuthParameters: { USERNAME: 'eve', SRP_A: A } })),
      { name: 'InvalidParameterException', message: 'SRP_A is not a valid SRP public value.' });
  }
});

test('PreventUserExistenceErrors: an unknown user\'s SRP challenge looks like a real one (the same SALT each time) and fails like a wrong password', async () => {
  const { clientId: hiding } = await newClient(sdk, poolId, { hideUsers: true });
  const poolName = poolId.split('_')[1];
  const start = async (username: string): Promise<Record<string, string>> => {
    const helper = new lib.AuthenticationHelper(poolName);
    const A = await new Promise<string>((resolve) => helper.getLargeAValue((_e, a) => resolve(a.toString(16))));
    return (await sdk.send(new InitiateAuthCommand({ AuthFlow: 'USER_SRP_AUTH', ClientId: hiding, AuthParameters: { USERNAME: username, SRP_A: A } }))).ChallengeParameters!;
  };
  const [a, b] = [await start('nobody'), await start('nobody')];
  assert.equal(a.SALT, b.SALT);
  assert.notEqual(a.SRP_B, b.SRP_B);
  assert.equal((await start('somebody-else')).SALT === a.SALT, false);
  assert.deepEqual(Object.keys(a).sort(), ['SALT', 'SECRET_BLOCK', 'SRP_B', 'USERNAME', 'USER_ID_FOR_SRP']);
  await assert.rejects(sdk.send(new RespondToAuthChallengeCommand({
    ClientId: hiding, ChallengeName: 'PASSWORD_VERIFIER',
    ChallengeResponses: { USERNAME: 'nobody', PASSWORD_CLAIM_SECRET_BLOCK: a.SECRET_BLOCK, TIMESTAMP: new lib.DateHelper().getNowString(), PASSWORD_CLAIM_SIGNATURE: 'AAAA' },
  })), { name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
});

