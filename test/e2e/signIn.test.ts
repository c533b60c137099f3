// The sign-in that follows an import, as an application's own code does it: imported
// RESET_REQUIRED users reset with the code the outbox received, then sign in with a password
// (SDK v3) and with SRP (amazon-cognito-identity-js, the library Amplify apps use); their tokens
// verify against the server's JWKS (jose); the errors on the way are Cognito's.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  AdminGetUserCommand, ConfirmForgotPasswordCommand, ForgotPasswordCommand, GetUserCommand, GlobalSignOutCommand,
  InitiateAuthCommand, CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { AuthenticationDetails, CognitoUser, CognitoUserPool, type CognitoUserSession } from 'amazon-cognito-identity-js';
import { startTestServer, type TestServer } from '../helpers/server';
import { userRow } from '../helpers/csv';
import { importedPool, lastCode, newClient } from '../helpers/signIn';

let server: TestServer;
let sdk: CognitoIdentityProviderClient;
let poolId: string;
let clientId: string;

const NEW_PASSWORD = 'Correct-horse-9';

async function rejects(p: Promise<unknown>, type: string, message: string): Promise<void> {
  await assert.rejects(p, (e: Error & { name: string }) => {
    assert.equal(e.name, type);
    assert.equal(e.message, message);
    return true;
  });
}

const passwordAuth = (username: string, password: string): InitiateAuthCommand => new InitiateAuthCommand({
  AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: username, PASSWORD: password },
});

function srpSignIn(username: string, password: string): Promise<CognitoUserSession> {
  const pool = new CognitoUserPool({ UserPoolId: poolId, ClientId: clientId, endpoint: `${server.url}/` });
  const user = new CognitoUser({ Username: username, Pool: pool });
  return new Promise((resolve, reject) => user.authenticateUser(
    new AuthenticationDetails({ Username: username, Password: password }),
    { onSuccess: resolve, onFailure: reject },
  ));
}

before(async () => {
  server = await startTestServer({ worker: { concurrency: 1 } });
  sdk = server.client();
  poolId = await importedPool(sdk, server.logsClient(), [userRow(1), userRow(2), userRow(3)]);
  ({ clientId } = await newClient(sdk, poolId));
});
after(() => server.close());

test('an imported user must reset first: PasswordResetRequiredException, then the code from the outbox', async () => {
  await rejects(sdk.send(passwordAuth('user1', 'anything')), 'PasswordResetRequiredException', 'Password reset required for the user');
  const sent = await sdk.send(new ForgotPasswordCommand({ ClientId: clientId, Username: 'user1' }));
  assert.deepEqual(sent.CodeDeliveryDetails, { Destination: 'u***@e***.com', DeliveryMedium: 'EMAIL', AttributeName: 'email' });
  const code = await lastCode(server.app.outbox.dir, 'user1');
  assert.match(code, /^\d{6}$/);
  const wrong = code === '000000' ? '111111' : '000000';
  await rejects(sdk.send(new ConfirmForgotPasswordCommand({ ClientId: clientId, Username: 'user1', ConfirmationCode: wrong, Password: NEW_PASSWORD })),
    'CodeMismatchException', 'Invalid verification code provided, please try again.');
  await sdk.send(new ConfirmForgotPasswordCommand({ ClientId: clientId, Username: 'user1', ConfirmationCode: code, Password: NEW_PASSWORD }));
  const user = await sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'user1' }));
  assert.equal(user.UserStatus, 'CONFIRMED');
  // The code is used up.
  await rejects(sdk.send(new ConfirmForgotPasswordCommand({ ClientId: clientId, Username: 'user1', ConfirmationCode: code, Password: NEW_PASSWORD })),
    'ExpiredCodeException', 'Invalid code provided, please request a code again.');
});

test('USER_PASSWORD_AUTH: tokens that verify against the JWKS, GetUser, a refresh, and GlobalSignOut', async () => {
  const r = await sdk.send(passwordAuth('user1', NEW_PASSWORD));
  const t = r.AuthenticationResult!;
  assert.deepEqual([t.TokenType, t.ExpiresIn, typeof t.RefreshToken], ['Bearer', 3600, 'string']);
  const jwks = createRemoteJWKSet(new URL(`${server.url}/${poolId}/.well-known/jwks.json`));
  const id = await jwtVerify(t.IdToken!, jwks, { issuer: `${server.url}/${poolId}`, audience: clientId });
  assert.equal(id.payload.token_use, 'id');
  assert.equal(id.payload['cognito:username'], 'user1');
  assert.equal(id.payload.email, 'user1@example.com');
  const access = await jwtVerify(t.AccessToken!, jwks, { issuer: `${server.url}/${poolId}` });
  assert.deepEqual([access.payload.token_use, access.payload.client_id, access.payload.username], ['access', clientId, 'user1']);
  const me = await sdk.send(new GetUserCommand({ AccessToken: t.AccessToken! }));
  assert.equal(me.Username, 'user1');
  assert.ok(me.UserAttributes!.some((a) => a.Name === 'sub' && a.Value === id.payload.sub));
  const refreshed = await sdk.send(new InitiateAuthCommand({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: clientId, AuthParameters: { REFRESH_TOKEN: t.RefreshToken! } }));
  assert.equal(refreshed.AuthenticationResult!.RefreshToken, undefined);
  const again = await jwtVerify(refreshed.AuthenticationResult!.AccessToken!, jwks);
  assert.equal(again.payload.origin_jti, access.payload.origin_jti);
  await sdk.send(new GlobalSignOutCommand({ AccessToken: t.AccessToken! }));
  await assert.rejects(sdk.send(new GetUserCommand({ AccessToken: t.AccessToken! })), { name: 'NotAuthorizedException' });
  await assert.rejects(sdk.send(new InitiateAuthCommand({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: clientId, AuthParameters: { REFRESH_TOKEN: t.RefreshToken! } })),
    { name: 'NotAuthorizedException' });
});

test('SRP with amazon-cognito-identity-js, as an Amplify app signs in', async () => {
  const session = await srpSignIn('user1', NEW_PASSWORD);
  assert.equal(session.getIdToken().payload['cognito:username'], 'user1');
  await assert.rejects(srpSignIn('user1', 'Wrong-password-1'), (e: Error & { code?: string }) => {
    assert.equal(e.code ?? e.name, 'NotAuthorizedException');
    assert.equal(e.message, 'Incorrect username or password.');
    return true;
  });
});

test('wrong passwords: Incorrect username or password, then Password attempts exceeded; an unknown user', async () => {
  await sdk.send(passwordAuth('user1', NEW_PASSWORD)); // a right password starts the count again
  for (let i = 0; i < 4; i++) await rejects(sdk.send(passwordAuth('user1', `Wrong-${i}-password`)), 'NotAuthorizedException', 'Incorrect username or password.');
  await rejects(sdk.send(passwordAuth('user1', 'Wrong-5-password')), 'NotAuthorizedException', 'Password attempts exceeded');
  await rejects(sdk.send(passwordAuth('user1', NEW_PASSWORD)), 'NotAuthorizedException', 'Password attempts exceeded');
  await rejects(sdk.send(passwordAuth('nobody', NEW_PASSWORD)), 'UserNotFoundException', 'User does not exist.');
});

test('a flow the client does not allow, and a client with a secret but no SECRET_HASH', async () => {
  const { clientId: srpOnly } = await newClient(sdk, poolId, { flows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] });
  await rejects(sdk.send(new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: srpOnly, AuthParameters: { USERNAME: 'user2', PASSWORD: 'x' } })),
    'InvalidParameterException', 'USER_PASSWORD_AUTH flow not enabled for this client');
  const { clientId: secretClient } = await newClient(sdk, poolId, { secret: true });
  await rejects(sdk.send(new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: secretClient, AuthParameters: { USERNAME: 'user2', PASSWORD: 'x' } })),
    'NotAuthorizedException', `Client ${secretClient} is configured for secret but secret was not received`);
  await rejects(sdk.send(new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: secretClient, AuthParameters: { USERNAME: 'user2', PASSWORD: 'x', SECRET_HASH: 'AAAA' } })),
    'NotAuthorizedException', `Unable to verify secret hash for client ${secretClient}`);
  await rejects(sdk.send(new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: 'nosuchclient0000000000000', AuthParameters: { USERNAME: 'user2', PASSWORD: 'x' } })),
    'ResourceNotFoundException', 'User pool client nosuchclient0000000000000 does not exist.');
});
