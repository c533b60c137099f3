// A user deleted while one of its sign-ins is under way, and a user made again under a deleted
// user's name, through the AWS SDK v3 client: the sign-in gets no tokens (the answer to an
// unknown user), and nothing of the old user's sign-ins works for the new one.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import {
  AdminCreateUserCommand, AdminDeleteUserCommand, AdminGetUserCommand, AdminSetUserPasswordCommand, CreateUserPoolCommand, GetUserCommand,
  InitiateAuthCommand, RespondToAuthChallengeCommand,
  type AuthenticationResultType, type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../helpers/server';
import { newClient } from '../helpers/signIn';

const PASSWORD = 'Correct-Horse-9';
let server: TestServer;
let sdk: CognitoIdentityProviderClient;
let poolId: string;
let clientId: string;
let hidingClientId: string;

before(async () => {
  // One password hash at a time: a sign-in sent after another waits for the first one's hash.
  server = await startTestServer({ hashingConcurrency: 1 });
  sdk = server.client();
  poolId = (await sdk.send(new CreateUserPoolCommand({ PoolName: 'deleted', AutoVerifiedAttributes: ['email'] }))).UserPool!.Id!;
  ({ clientId } = await newClient(sdk, poolId));
  ({ clientId: hidingClientId } = await newClient(sdk, poolId, { hideUsers: true }));
});
after(() => server.close());

async function confirmedUser(username: string): Promise<void> {
  await sdk.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: username, MessageAction: 'SUPPRESS',
    UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }] }));
  await sdk.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: username, Password: PASSWORD, Permanent: true }));
}

const deleteUser = (username: string) => sdk.send(new AdminDeleteUserCommand({ UserPoolId: poolId, Username: username }));

async function signIn(username: string, client = clientId): Promise<AuthenticationResultType> {
  const r = await sdk.send(new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: client, AuthParameters: { USERNAME: username, PASSWORD } }));
  return r.AuthenticationResult!;
}

const refresh = (token: string) => sdk.send(new InitiateAuthCommand({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: clientId, AuthParameters: { REFRESH_TOKEN: token } }));

/** The user's refresh_tokens rows, read or written as plain SQL on the server's database. */
async function sql(text: string, params: unknown[]): Promise<Record<string, unknown>[]> {
  const db = server.sqlite();
  if (db) {
    const stmt = db.prepare(text);
    return stmt.reader ? stmt.all(...params) as Record<string, unknown>[] : (stmt.run(...params), []);
  }
  const c = new pg.Client({ connectionString: server.databaseUrl });
  await c.connect();
  try {
    let n = 0;
    return (await c.query(text.replace(/\?/g, () => `$${++n}`), params)).rows as Record<string, unknown>[];
  } finally {
    await c.end();
  }
}

test('a sign-in whose user is deleted while its password is checked gets no tokens: the answer to an unknown user', async () => {
  for (const [client, refusal] of [
    [clientId, { name: 'UserNotFoundException', message: 'User does not exist.' }],
    [hidingClientId, { name: 'NotAuthorizedException', message: 'Incorrect username or password.' }],
  ] as const) {
    await confirmedUser('blocker');
    await confirmedUser('ana');
    // ana's password waits behind the blocker's in the hashing queue: her deletion lands after her
    // sign-in read her and before it stores her refresh token (or, at worst, before it read her).
    const blocker = signIn('blocker', client);
    const ana = signIn('ana', client);
    await deleteUser('ana');
    await assert.rejects(ana, refusal);
    assert.equal(typeof (await blocker).RefreshToken, 'string');
    assert.deepEqual(await sql('SELECT token_hash FROM refresh_tokens WHERE pool_id = ? AND username_key = ?', [poolId, 'ana']), []);
    await deleteUser('blocker');
  }
});

test("a user made again under a deleted user's name: the old user's refresh and access tokens are not the new one's, even a row left behind", async () => {
  await confirmedUser('bob');
  const old = await signIn('bob');
  const [row] = await sql('SELECT * FROM refresh_tokens WHERE pool_id = ? AND username_key = ?', [poolId, 'bob']);
  await deleteUser('bob');
  await assert.rejects(refresh(old.RefreshToken!), { name: 'NotAuthorizedException', message: 'Invalid Refresh Token' });
  await assert.rejects(sdk.send(new GetUserCommand({ AccessToken: old.AccessToken })), { name: 'NotAuthorizedException', message: 'Access Token has been revoked' });

  await confirmedUser('bob');
  // The old bob's row put back, as a sign-in racing his deletion could leave it before inserts checked their user.
  const columns = Object.keys(row);
  await sql(`INSERT INTO refresh_tokens (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`, columns.map((k) => row[k]));
  await assert.rejects(refresh(old.RefreshToken!), { name: 'NotAuthorizedException', message: 'Invalid Refresh Token' });
  await assert.rejects(sdk.send(new GetUserCommand({ AccessToken: old.AccessToken })), { name: 'UserNotFoundException', message: 'User does not exist.' });

  const fresh = await signIn('bob');
  assert.equal(typeof (await refresh(fresh.RefreshToken!)).AuthenticationResult?.AccessToken, 'string');
  assert.equal((await sdk.send(new GetUserCommand({ AccessToken: fresh.AccessToken }))).Username, 'bob');
});

test("a user made again under a deleted user's name: the old user's NEW_PASSWORD_REQUIRED session does not set the new one's password", async () => {
  const invited = async (TemporaryPassword: string): Promise<string> => {
    await sdk.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'carol', MessageAction: 'SUPPRESS', TemporaryPassword,
      UserAttributes: [{ Name: 'email', Value: 'carol@example.com' }] }));
    const r = await sdk.send(new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: 'carol', PASSWORD: TemporaryPassword } }));
    assert.equal(r.ChallengeName, 'NEW_PASSWORD_REQUIRED');
    return r.Session!;
  };
  const answer = (Session: string) => sdk.send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: 'NEW_PASSWORD_REQUIRED', Session,
    ChallengeResponses: { USERNAME: 'carol', NEW_PASSWORD: 'Chosen-By-Whoever-1' } }));
  const oldSession = await invited('Temporary-Old-1');
  await deleteUser('carol');
  const newSession = await invited('Temporary-New-2');
  // Whoever knew the old user's temporary password must not choose the new user's password. Two
  // guards, each enough alone: the deletion takes the user's sessions with it, and a session
  // carries its user's sub (a session opened while the deletion ran would outlive it).
  await assert.rejects(answer(oldSession), { name: 'NotAuthorizedException', message: 'Invalid session for the user, session is expired.' });
  assert.equal((await sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'carol' }))).UserStatus, 'FORCE_CHANGE_PASSWORD');
  // The new user's own session still does.
  assert.equal(typeof (await answer(newSession)).AuthenticationResult?.AccessToken, 'string');
  assert.equal((await sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'carol' }))).UserStatus, 'CONFIRMED');
});
