// Tokens as verifiers see them over HTTP: a user imported through the API, tokens issued for
// them in the server's process (there is no sign-in operation yet, and no HTTP path issues
// tokens), then checked by jose and by aws-jwt-verify against the pool's JWKS and discovery
// document as this server serves them; key rotation and retirement as a verifier sees them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { CognitoJwtVerifier, JwtRsaVerifier } from 'aws-jwt-verify';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import { CreateUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider';
import { KEY_A, startTestServer } from '../helpers/server';
import { newPool, startJob, uploadedJob, waitForJob } from '../helpers/jobs';
import { csvText, userRow } from '../helpers/csv';
import type { Logger } from '../../src/http/logger';

/** aws-jwt-verify's fetcher speaks https only: this one fetches over http, from `rewrite(uri)`. */
const httpJwksCache = (rewrite: (uri: string) => string = (u) => u): SimpleJwksCache =>
  new SimpleJwksCache({ fetcher: { fetch: async (uri: string) => (await fetch(rewrite(uri))).arrayBuffer() } });

function capturingLog(): { log: Logger; lines: string[] } {
  const lines: string[] = [];
  const put = (msg: string, fields?: Record<string, unknown>): void => { lines.push(JSON.stringify({ msg, ...fields })); };
  return { log: { info: put, error: put }, lines };
}

test("an imported user's tokens verify against the pool's JWKS over HTTP (jose, aws-jwt-verify); rotation and retirement as verifiers see them", async () => {
  const { log, lines } = capturingLog();
  const s = await startTestServer({ worker: { concurrency: 1 }, log });
  try {
    const sdk = s.client();
    const poolId = await newPool(sdk, 'tokens');
    const { jobId } = await uploadedJob(sdk, poolId, csvText([userRow(1)]));
    await startJob(sdk, poolId, jobId);
    assert.equal((await waitForJob(sdk, poolId, jobId)).Status, 'Succeeded');
    const store = await s.openStore();
    const pool = (await store.pools.findPoolById(poolId))!;
    const user = (await store.users.findUser(KEY_A.accountId, poolId, 'user1'))!;
    await store.close();
    const issue = async () => {
      const r = await s.app.tokens.issueTokens({ pool, client: { id: 'e2eclient' }, user, authTimeS: Math.floor(Date.now() / 1000), nowMs: Date.now(), withRefresh: true });
      assert.ok(r, 'tokens for a user that exists');
      return r;
    };
    const first = await issue();

    const jwksUrl = `${s.url}/${poolId}/.well-known/jwks.json`;
    const jwksAnswer = await fetch(jwksUrl);
    assert.equal(jwksAnswer.status, 200);
    assert.equal(jwksAnswer.headers.get('content-type'), 'application/json');
    assert.match(await jwksAnswer.text(), /^\{"keys":\[\{"alg":"RS256","e":"AQAB","kid":"[A-Za-z0-9+/]{43}=","kty":"RSA","n":"[\w-]{342}","use":"sig"\}\]\}$/);
    const issuer = `${s.url}/${poolId}`;
    const discovery = await (await fetch(`${issuer}/.well-known/openid-configuration`)).json();
    assert.deepEqual(discovery, { id_token_signing_alg_values_supported: ['RS256'], issuer, jwks_uri: jwksUrl, subject_types_supported: ['public'] });

    // jose, as an OIDC relying party would: the JWKS named by the discovery document.
    const remote = () => createRemoteJWKSet(new URL(jwksUrl));
    const id = await jwtVerify(first.IdToken, remote(), { issuer, audience: 'e2eclient' });
    assert.equal(id.payload['cognito:username'], 'user1');
    assert.equal(id.payload.email, 'user1@example.com');
    assert.equal(id.payload.sub, user.sub);
    assert.equal((await jwtVerify(first.AccessToken, remote(), { issuer })).payload.client_id, 'e2eclient');

    // aws-jwt-verify's generic verifier takes any issuer, but fetches JWKS over https only.
    const plain = JwtRsaVerifier.create({ issuer, audience: null, jwksUri: jwksUrl });
    await assert.rejects(plain.verify(first.AccessToken), /Protocol "http:" not supported/);
    const overHttp = JwtRsaVerifier.create({ issuer, audience: 'e2eclient', jwksUri: jwksUrl }, { jwksCache: httpJwksCache() });
    assert.equal((await overHttp.verify(first.IdToken)).token_use, 'id');

    await s.app.tokens.rotateSigningKey(pool, Date.now());
    const second = await issue();
    assert.notEqual(second.IdToken.split('.')[0], first.IdToken.split('.')[0], 'signed with the new key');
    for (const t of [first, second]) await jwtVerify(t.IdToken, remote(), { issuer, audience: 'e2eclient' });
    const oldKid = JSON.parse(Buffer.from(first.IdToken.split('.')[0], 'base64url').toString()) as { kid: string };
    assert.equal(await s.app.tokens.retireSigningKey(pool, oldKid.kid, Date.now()), true);
    await assert.rejects(jwtVerify(first.IdToken, remote(), { issuer }), { code: 'ERR_JWKS_NO_MATCHING_KEY' });
    await jwtVerify(second.IdToken, remote(), { issuer, audience: 'e2eclient' });
    await assert.rejects(s.app.tokens.verifyAccessToken(first.AccessToken, Date.now()), { name: 'NotAuthorizedException', message: 'Invalid Access Token' });
    assert.equal((await s.app.tokens.verifyAccessToken(second.AccessToken, Date.now())).claims.username, 'user1');

    // Unknown pools, other methods: the JSON error shape of the server's other unknown routes.
    const unknown = await fetch(`${s.url}/us-west-2_nosuchpool/.well-known/jwks.json`);
    assert.equal(unknown.status, 404);
    assert.deepEqual(await unknown.json(), { __type: 'ResourceNotFoundException', message: 'User pool us-west-2_nosuchpool does not exist.' });
    assert.equal((await fetch(`${issuer}/.well-known/openid-configuration`.replace(poolId, 'us-west-2_nosuchpool'))).status, 404);
    const posted = await fetch(jwksUrl, { method: 'POST', body: '{}' });
    assert.equal(posted.status, 404);
    assert.equal(((await posted.json()) as { __type: string }).__type, 'UnknownOperationException');

    const metrics = await (await fetch(`${s.url}/metrics`)).text();
    assert.match(metrics, /cognito_import_requests_total\{operation="Jwks",status="200"\} [1-9]/);
    assert.match(metrics, /cognito_import_requests_total\{operation="Jwks",status="404"\} 1/);
    assert.match(metrics, /cognito_import_requests_total\{operation="OpenIdConfiguration",status="200"\} 1/);
    const requestLines = lines.filter((l) => l.includes('/.well-known/'));
    assert.ok(requestLines.some((l) => l.includes('"method":"GET"') && l.includes(`"path":"/${poolId}/.well-known/jwks.json"`) && l.includes('"status":200')));
    assert.equal(lines.filter((l) => /PRIVATE KEY|"d":/.test(l)).length, 0, 'no private key in any log line');
  } finally {
    await s.close();
  }
});

test("aws-jwt-verify's CognitoJwtVerifier accepts the tokens when the public URL is Cognito's own issuer host", async () => {
  // CognitoJwtVerifier derives the issuer from the pool id (https://cognito-idp.<region>.amazonaws.com/<poolId>)
  // and accepts no other; a server whose --public-url is that host issues exactly that issuer.
  const cognitoHost = 'https://cognito-idp.us-west-2.amazonaws.com';
  const s = await startTestServer({ publicUrl: cognitoHost });
  try {
    const poolId = (await s.client().send(new CreateUserPoolCommand({ PoolName: 'cognito-form' }))).UserPool!.Id!;
    const user = { username: 'jane', usernameKey: 'jane', sub: '2a9ce3ad-4e5b-4c5e-9e0e-0a4f5a1f5d2c', attributes: [['email', 'jane@example.com']] as [string, string][] };
    const store = await s.openStore();
    const pool = (await store.pools.findPoolById(poolId))!;
    // A sign-in's refresh token is stored only for a user that exists, with its sub.
    await store.users.createUsers(pool.accountId, poolId, [{ ...user, aliases: [], status: 'CONFIRMED' }], Date.now(), () => user.sub);
    await store.close();
    const r = (await s.app.tokens.issueTokens({ pool, client: { id: 'cognitoformclient' }, user, authTimeS: Math.floor(Date.now() / 1000), nowMs: Date.now(), withRefresh: true }))!;
    const jwksCache = httpJwksCache((uri) => uri.replace(cognitoHost, s.url));
    const idVerifier = CognitoJwtVerifier.create({ userPoolId: poolId, tokenUse: 'id', clientId: 'cognitoformclient' }, { jwksCache });
    assert.equal((await idVerifier.verify(r.IdToken))['cognito:username'], 'jane');
    const accessVerifier = CognitoJwtVerifier.create({ userPoolId: poolId, tokenUse: 'access', clientId: 'cognitoformclient' }, { jwksCache });
    assert.equal((await accessVerifier.verify(r.AccessToken)).scope, 'aws.cognito.signin.user.admin');
    await assert.rejects(accessVerifier.verify(r.IdToken), /Token use not allowed: id\. Expected: access/);
  } finally {
    await s.close();
  }
});
