// The end of a successful password (or SRP) check: tokens, or the challenge the user's state
// still asks for (FORCE_CHANGE_PASSWORD: NEW_PASSWORD_REQUIRED), as Cognito answers.
import type { InitiateAuthResponse } from '../api/generated/cognitoIdp';
import type { StoredUser } from '../domain/user';
import type { StoredPool } from '../domain/userPool';
import { CODE_PURPOSES } from '../domain/codes';
import { temporaryPasswordExpired } from '../domain/temporaryPasswords';
import { notConfirmed, temporaryPasswordExpiredError } from './errors';
import { issueTokens, readableAttributes } from './tokens';
import type { SignInClient, SignInServices } from './services';

/** Cognito's default AuthSessionValidity: a challenge's Session lasts 3 minutes. */
export const DEFAULT_SESSION_MS = 3 * 60_000;

export async function completeSignIn(s: SignInServices, pool: StoredPool, client: SignInClient, user: StoredUser): Promise<InitiateAuthResponse> {
  if (user.status === 'FORCE_CHANGE_PASSWORD') {
    const row = await s.store.credentials.findCode({ accountId: pool.accountId, poolId: pool.id, usernameKey: user.usernameKey }, CODE_PURPOSES.temporaryPassword);
    if (temporaryPasswordExpired(user, row, s.clock.now())) throw temporaryPasswordExpiredError();
    return newPasswordChallenge(s, pool, client, user);
  }
  if (user.status === 'UNCONFIRMED') throw notConfirmed();
  return { ChallengeParameters: {}, AuthenticationResult: await issueTokens(s, pool, client, user, { authTimeMs: s.clock.now() }) };
}

/**
 * NEW_PASSWORD_REQUIRED: the Session the answer must carry back, the user's attributes as JSON
 * (without sub, as Cognito's challenge lists them) and the attributes still required ([]).
 */
async function newPasswordChallenge(s: SignInServices, pool: StoredPool, client: SignInClient, user: StoredUser): Promise<InitiateAuthResponse> {
  const Session = s.randomToken();
  await s.store.credentials.putSession({
    sessionId: Session, accountId: pool.accountId, poolId: pool.id, clientId: client.clientId, usernameKey: user.usernameKey,
    // The user's sub: a user made again under the name meanwhile is not this session's (newPassword.ts).
    challenge: 'NEW_PASSWORD_REQUIRED', state: JSON.stringify({ sub: user.sub }), expiresMs: s.clock.now() + DEFAULT_SESSION_MS,
  });
  const attributes = Object.fromEntries(readableAttributes(client, user).filter(([name]) => name !== 'sub'));
  return {
    ChallengeName: 'NEW_PASSWORD_REQUIRED',
    Session,
    ChallengeParameters: { USER_ID_FOR_SRP: user.username, requiredAttributes: '[]', userAttributes: JSON.stringify(attributes) },
  };
}
