// The other ways in and out: an admin-made user's first sign-in (NEW_PASSWORD_REQUIRED), its
// temporary password expiring, AdminInitiateAuth, PreventUserExistenceErrors, ChangePassword,
// RevokeToken; and the public calls from boto3, the aws CLI and our own CLI, unsigned.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  AdminCreateUserCommand, AdminDisableUserCommand, AdminEnableUserCommand, AdminGetUserCommand, AdminSetUserPasswordCommand,
  ConfirmForgotPasswordCommand, DeleteUserPoolClientCommand, ForgotPasswordCommand, GetUserCommand, AdminInitiateAuthCommand, ChangePasswordCommand, CreateUserPoolCommand,
  InitiateAuthCommand, RespondToAuthChallengeCommand, RevokeTokenCommand, type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { FakeClock, KEY_B, run, startTestServer, BIN, type TestServer } from '../helpers/server';
import { newClient } from '../helpers/signIn';
import { listOutbox } from '../../src/messages/outboxList';
import { AuthenticationDetails, CognitoUser, CognitoUserPool, type CognitoUserSession } from 'amazon-cognito-identity-js';

let server: TestServer;
let sdk: CognitoIdentityProviderClient;
let clock: FakeClock;
let poolId: string;
let clientId: string;

const DAY = 86_400_000;

async function adminUser(username: string, password: string): Promise<void> {
  await sdk.send(new AdminCreateUserCommand({
    UserPoolId: poolId, Username: username, TemporaryPassword: password, MessageAction: 'SUPPRESS',
    UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }, { Name: 'email_verified', Value: 'true' }],
  }));
}

const passwordAuth = (username: string, password: string, client = clientId): InitiateAuthCommand =>
  new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: client, AuthParameters: { USERNAME: username, PASSWORD: password } });

before(async () => {
  clock = new FakeClock();
  server = await startTestServer({ clock });
  sdk = server.client({ clock });
  poolId = (await sdk.send(new CreateUserPoolCommand({ PoolName: 'paths', AutoVerifiedAttributes: ['email'] }))).UserPool!.Id!;
  ({ clientId } = await newClient(sdk, poolId));
});
after(() => server.close());

test('an admin-made user: NEW_PASSWORD_REQUIRED, a password the policy refuses, then CONFIRMED with tokens', async () => {
  await adminUser('ana', 'Temp-Pass-1');
  const first = await sdk.send(passwordAuth('ana', 'Temp-Pass-1'));
  assert.equal(first.ChallengeName, 'NEW_PASSWORD_REQUIRED');
  assert.equal(first.AuthenticationResult, undefined);
  assert.equal(first.ChallengeParameters!.USER_ID_FOR_SRP, 'ana');
  assert.deepEqual(JSON.parse(first.ChallengeParameters!.userAttributes), { email: 'ana@example.com', email_verified: 'true' });
  const answer = (password: string) => new RespondToAuthChallengeCommand({
    ClientId: clientId, ChallengeName: 'NEW_PASSWORD_REQUIRED', Session: first.Session, ChallengeResponses: { USERNAME: 'ana', NEW_PASSWORD: password },
  });
  await assert.rejects(sdk.send(answer('short')), { name: 'InvalidPasswordException' });
  const done = await sdk.send(answer('Brand-new-Pass-2'));
  assert.equal(typeof done.AuthenticationResult?.IdToken, 'string');
  assert.equal((await sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'ana' }))).UserStatus, 'CONFIRMED');
  // The Session answers once.
  await assert.rejects(sdk.send(answer('Other-new-Pass-3')), { name: 'NotAuthorizedException', message: 'Invalid session for the user, session is expired.' });
  assert.equal(typeof (await sdk.send(passwordAuth('ana', 'Brand-new-Pass-2'))).AuthenticationResult?.AccessToken, 'string');
});

test('an admin-made user\'s first sign-in through SRP (amazon-cognito-identity-js): newPasswordRequired, then a session', async () => {
  await adminUser('cyd', 'Temp-Pass-1');
  const user = new CognitoUser({ Username: 'cyd', Pool: new CognitoUserPool({ UserPoolId: poolId, ClientId: clientId, endpoint: `${server.url}/` }) });
  const session = await new Promise<CognitoUserSession>((resolve, reject) => {
    const callbacks = {
      onSuccess: resolve, onFailure: reject,
      newPasswordRequired: (attributes: Record<string, string>) => {
        assert.equal(attributes.email, 'cyd@example.com');
        user.completeNewPasswordChallenge('Cyds-own-Pass-5', {}, callbacks);
      },
    };
    user.authenticateUser(new AuthenticationDetails({ Username: 'cyd', Password: 'Temp-Pass-1' }), callbacks);
  });
  assert.equal(session.getAccessToken().payload.username, 'cyd');
  assert.equal((await sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'cyd' }))).UserStatus, 'CONFIRMED');
});

test('a temporary password past TemporaryPasswordValidityDays (7) no longer signs in', async () => {
  await adminUser('bea', 'Temp-Pass-1');
  clock.advance(8 * DAY);
  sdk = server.client({ clock });
  await assert.rejects(sdk.send(passwordAuth('bea', 'Temp-Pass-1')),
    { name: 'NotAuthorizedException', message: 'Temporary password has expired and must be reset by an administrator.' });
});

test('AdminInitiateAuth ADMIN_USER_PASSWORD_AUTH: signed, in the caller\'s account only', async () => {
  const r = await sdk.send(new AdminInitiateAuthCommand({
    UserPoolId: poolId, ClientId: clientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'ana', PASSWORD: 'Brand-new-Pass-2' },
  }));
  assert.equal(typeof r.AuthenticationResult?.RefreshToken, 'string');
  const other = server.client({ key: KEY_B, clock });
  await assert.rejects(other.send(new AdminInitiateAuthCommand({
    UserPoolId: poolId, ClientId: clientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'ana', PASSWORD: 'Brand-new-Pass-2' },
  })), { name: 'ResourceNotFoundException', message: `User pool ${poolId} does not exist.` });
});

test('PreventUserExistenceErrors ENABLED: an unknown user is a wrong password', async () => {
  const { clientId: hiding } = await newClient(sdk, poolId, { hideUsers: true });
  await assert.rejects(sdk.send(passwordAuth('nobody', 'Whatever-1', hiding)), { name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
});

test('ChangePassword with the access token; RevokeToken ends the refresh token', async () => {
  const t = (await sdk.send(passwordAuth('ana', 'Brand-new-Pass-2'))).AuthenticationResult!;
  await assert.rejects(sdk.send(new ChangePasswordCommand({ AccessToken: t.AccessToken!, PreviousPassword: 'Wrong-Pass-9', ProposedPassword: 'Changed-Pass-4' })),
    { name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
  await sdk.send(new ChangePasswordCommand({ AccessToken: t.AccessToken!, PreviousPassword: 'Brand-new-Pass-2', ProposedPassword: 'Changed-Pass-4' }));
  await assert.rejects(sdk.send(passwordAuth('ana', 'Brand-new-Pass-2')), { name: 'NotAuthorizedException' });
  const fresh = (await sdk.send(passwordAuth('ana', 'Changed-Pass-4'))).AuthenticationResult!;
  await sdk.send(new RevokeTokenCommand({ ClientId: clientId, Token: fresh.RefreshToken! }));
  await assert.rejects(sdk.send(new InitiateAuthCommand({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: clientId, AuthParameters: { REFRESH_TOKEN: fresh.RefreshToken! } })),
    { name: 'NotAuthorizedException', message: 'Invalid Refresh Token' });
});

test('a disabled user cannot sign in; a reset code expires after an hour', async () => {
  await adminUser('dot', 'Temp-Pass-1');
  await sdk.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'dot', Password: 'Dots-Pass-6', Permanent: true }));
  await sdk.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: 'dot' }));
  await assert.rejects(sdk.send(passwordAuth('dot', 'Dots-Pass-6')), { name: 'NotAuthorizedException', message: 'User is disabled.' });
  await sdk.send(new AdminEnableUserCommand({ UserPoolId: poolId, Username: 'dot' }));
  await sdk.send(new ForgotPasswordCommand({ ClientId: clientId, Username: 'dot' }));
  const [message] = (await listOutbox(server.app.outbox.dir, { poolId, username: 'dot' })).filter((m) => m.kind === 'forgot_password');
  assert.match(message.code ?? '', /^\d{6}$/);
  clock.advance(61 * 60_000);
  sdk = server.client({ clock });
  await assert.rejects(sdk.send(new ConfirmForgotPasswordCommand({ ClientId: clientId, Username: 'dot', ConfirmationCode: message.code!, Password: 'Dots-New-Pass-7' })),
    { name: 'ExpiredCodeException', message: 'Invalid code provided, please request a code again.' });
  assert.equal(typeof (await sdk.send(passwordAuth('dot', 'Dots-Pass-6'))).AuthenticationResult?.IdToken, 'string');
});

test('a deleted app client: its tokens no longer work', async () => {
  const { clientId: doomed } = await newClient(sdk, poolId);
  const t = (await sdk.send(passwordAuth('ana', 'Changed-Pass-4', doomed))).AuthenticationResult!;
  assert.equal((await sdk.send(new GetUserCommand({ AccessToken: t.AccessToken! }))).Username, 'ana');
  await sdk.send(new DeleteUserPoolClientCommand({ UserPoolId: poolId, ClientId: doomed }));
  await assert.rejects(sdk.send(new GetUserCommand({ AccessToken: t.AccessToken! })), { name: 'NotAuthorizedException', message: 'Access Token has been revoked' });
});

test('unsigned from boto3, the aws CLI and cognito-import: initiate-auth with no credentials at all', async () => {
  const env = { PATH: process.env.PATH, HOME: server.dataDir, AWS_DEFAULT_REGION: 'us-west-2', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' };
  const py = await run('python3', ['-c', `
import boto3, json, sys
c = boto3.client('cognito-idp', endpoint_url=sys.argv[1], region_name='us-west-2')
r = c.initiate_auth(AuthFlow='USER_PASSWORD_AUTH', ClientId=sys.argv[2], AuthParameters={'USERNAME': 'ana', 'PASSWORD': 'Changed-Pass-4'})
print(json.dumps(sorted(r['AuthenticationResult'].keys())))
try:
    c.initiate_auth(AuthFlow='USER_PASSWORD_AUTH', ClientId=sys.argv[2], AuthParameters={'USERNAME': 'ana', 'PASSWORD': 'nope'})
except c.exceptions.NotAuthorizedException as e:
    print(e.response['Error']['Message'])
`, server.url, clientId], env);
  assert.equal(py.code, 0, py.stderr);
  assert.deepEqual(py.stdout.trim().split('\n'), ['["AccessToken", "ExpiresIn", "IdToken", "RefreshToken", "TokenType"]', 'Incorrect username or password.']);
  const args = ['cognito-idp', 'initiate-auth', '--endpoint-url', server.url, '--client-id', clientId, '--auth-flow', 'USER_PASSWORD_AUTH',
    '--auth-parameters', 'USERNAME=ana,PASSWORD=Changed-Pass-4', '--query', 'AuthenticationResult.TokenType', '--output', 'text'];
  for (const [cmd, argv] of [['aws', args], [process.execPath, [BIN, ...args]]] as const) {
    const r = await run(cmd, [...argv], env);
    assert.equal(r.code, 0, `${cmd}: ${r.stderr}`);
    assert.equal(r.stdout.trim(), 'Bearer', cmd);
  }
});
