// USER_SRP_AUTH: InitiateAuth sends SRP_A and gets the PASSWORD_VERIFIER challenge (salt, B and
// a secret block); RespondToAuthChallenge sends the password claim's signature. The secret block
// names the challenge's state kept by the server (the SRP secret b), so a client that does not
// send a Session back (the SRP libraries send what they got) still finds it.
import { createHmac, randomBytes } from 'node:crypto';
import type { InitiateAuthResponse, RespondToAuthChallengeResponse } from '../api/generated/cognitoIdp';
import type { StoredPool } from '../domain/userPool';
import { InvalidParameterException } from '../api/errors';
import { parseClientA } from '../auth/srp';
import { DEFAULT_SESSION_MS, completeSignIn } from './complete';
import { incorrectPassword, invalidSession, missingParameter, srpNeedsPassword, userNotFound } from './errors';
import { checkNotLocked, failSignIn, userRef } from './password';
import type { SignInClient, SignInServices } from './services';
import { checkAnswerUser, checkCanSignIn, findSignInUser, hidesUnknownUsers } from './users';

interface SrpState { A: string; b: string; B: string; salt: string; verifier: string; userIdForSrp: string }

/** The PASSWORD_VERIFIER challenge for the user USERNAME names. */
export async function startSrp(s: SignInServices, pool: StoredPool, client: SignInClient, username: string, A: string): Promise<InitiateAuthResponse> {
  // [OURS] Refused before anything is stored: a value that is not an SRP public value (at most
  // 1,024 hex digits, below N, not 0) could never answer the challenge.
  if (parseClientA(A) === undefined) throw new InvalidParameterException('SRP_A is not a valid SRP public value.');
  const user = await findSignInUser(s, pool, username);
  if (!user) {
    if (!hidesUnknownUsers(client)) throw userNotFound();
    // PreventUserExistenceErrors: a challenge like any other, whose answer can only fail.
    return challenge(s, pool, client, { usernameKey: '', username }, await fakeState(s, pool, username, A));
  }
  checkCanSignIn(user);
  await checkNotLocked(s, pool, user);
  const cred = await s.store.credentials.findCredentials(userRef(pool, user));
  if (!cred?.srpSalt || !cred.srpVerifier) throw srpNeedsPassword();
  const { b, B } = await s.srp.start(cred.srpVerifier);
  return challenge(s, pool, client, user, { A, b, B, salt: cred.srpSalt, verifier: cred.srpVerifier, userIdForSrp: user.username });
}

/** Per process: the fake challenges' salts are keyed by it, so no one can compute them. */
const FAKE_SALT_KEY = randomBytes(32);

/**
 * An unknown user's challenge. Its SALT is the same on every try for the same name, as a real
 * user's is (a fresh one each time would tell the two apart), made like a real one (16 bytes,
 * first byte 0x01-0x7f: src/auth/srp.ts). The verifier behind B is random: no answer matches it.
 */
async function fakeState(s: SignInServices, pool: StoredPool, username: string, A: string): Promise<SrpState> {
  const salt = createHmac('sha256', FAKE_SALT_KEY).update(`${pool.accountId}/${pool.id}/${username.toLowerCase()}`).digest().subarray(0, 16);
  salt[0] = (salt[0] % 0x7f) + 1;
  const { verifier } = await s.srp.makeVerifier(pool.id, username, s.randomToken());
  return { A, ...(await s.srp.start(verifier)), salt: salt.toString('hex'), verifier, userIdForSrp: username };
}

async function challenge(
  s: SignInServices, pool: StoredPool, client: SignInClient, user: { usernameKey: string; username: string }, state: SrpState,
): Promise<InitiateAuthResponse> {
  const secretBlock = s.srp.newSecretBlock();
  await s.store.credentials.putSession({
    sessionId: secretBlock, accountId: pool.accountId, poolId: pool.id, clientId: client.clientId, usernameKey: user.usernameKey,
    challenge: 'PASSWORD_VERIFIER', state: JSON.stringify(state), expiresMs: s.clock.now() + DEFAULT_SESSION_MS,
  });
  return {
    ChallengeName: 'PASSWORD_VERIFIER',
    ChallengeParameters: { SALT: state.salt, SECRET_BLOCK: secretBlock, SRP_B: state.B, USERNAME: user.username, USER_ID_FOR_SRP: state.userIdForSrp },
  };
}

/** The answer to PASSWORD_VERIFIER: tokens, NEW_PASSWORD_REQUIRED, or a wrong password counted. */
export async function answerPasswordVerifier(
  s: SignInServices, pool: StoredPool, client: SignInClient, responses: Record<string, string>,
): Promise<RespondToAuthChallengeResponse> {
  for (const p of ['PASSWORD_CLAIM_SECRET_BLOCK', 'PASSWORD_CLAIM_SIGNATURE', 'TIMESTAMP']) if (!responses[p]) throw missingParameter(p);
  const session = await s.store.credentials.takeSession(responses.PASSWORD_CLAIM_SECRET_BLOCK, s.clock.now());
  if (!session || session.challenge !== 'PASSWORD_VERIFIER' || session.clientId !== client.clientId) throw invalidSession();
  if (session.usernameKey === '') throw incorrectPassword();
  const user = await s.store.users.findUser(pool.accountId, pool.id, session.usernameKey);
  if (!user) throw incorrectPassword();
  await checkAnswerUser(s, pool, client, user, responses);
  checkCanSignIn(user);
  // Locked since the challenge began (challenges opened before a lock must not go on guessing).
  await checkNotLocked(s, pool, user);
  const state = JSON.parse(session.state) as SrpState;
  // The password changed since the challenge began: its verifier no longer stands.
  const cred = await s.store.credentials.findCredentials(userRef(pool, user));
  if (cred?.srpVerifier !== state.verifier) throw incorrectPassword();
  const ok = await s.srp.check({
    poolId: pool.id, userIdForSrp: state.userIdForSrp, saltHex: state.salt, verifierHex: state.verifier, bHex: state.b, BHex: state.B,
    AHex: state.A, secretBlock: session.sessionId, timestamp: responses.TIMESTAMP, signature: responses.PASSWORD_CLAIM_SIGNATURE,
  });
  if (!ok) await failSignIn(s, pool, user);
  await s.store.credentials.clearFailedSignIns(userRef(pool, user));
  return completeSignIn(s, pool, client, user);
}
