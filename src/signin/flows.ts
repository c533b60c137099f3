// The AuthFlows of InitiateAuth and AdminInitiateAuth, once the client is known: a password
// sign-in, a refresh, the start of SRP. Each checks the client's rules first (the flow allowed,
// the secret hash), as Cognito does before it looks at the user.
import type { InitiateAuthResponse } from '../api/generated/cognitoIdp';
import { InvalidParameterException } from '../api/errors';
import { authFlowAllowed } from '../domain/clientAuth';
import type { StoredPool } from '../domain/userPool';
import { completeSignIn } from './complete';
import { flowNotEnabled, incorrectPassword, invalidRefreshToken, missingParameter, userNotFound } from './errors';
import { checkSignInPassword } from './password';
import type { SignInClient, SignInServices } from './services';
import { startSrp } from './srpFlow';
import { issueTokens } from './tokens';
import { checkCanSignIn, checkClientRules, checkSecretHash, findSignInUser, hidesUnknownUsers } from './users';

type Params = Record<string, string>;

/** A hash no password matches (its key is all zeros), with the server's own scrypt parameters: what an unknown user's check costs. */
const UNKNOWN_USER_HASH = `$scrypt$ln=15,r=8,p=1$${'A'.repeat(22)}$${'A'.repeat(43)}`;

const required = (p: Params, name: string): string => {
  const v = p[name];
  if (!v) throw missingParameter(name);
  return v;
};

/** USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH and ADMIN_NO_SRP_AUTH: USERNAME and PASSWORD. */
export async function passwordFlow(s: SignInServices, pool: StoredPool, client: SignInClient, flow: string, p: Params): Promise<InitiateAuthResponse> {
  const username = required(p, 'USERNAME');
  checkClientRules(client, flow, username, p.SECRET_HASH);
  const password = required(p, 'PASSWORD');
  const user = await findSignInUser(s, pool, username);
  if (!user) {
    if (!hidesUnknownUsers(client)) throw userNotFound();
    // PreventUserExistenceErrors: a password check as long as a real one, then the same answer.
    await s.passwords.verify(password, UNKNOWN_USER_HASH);
    throw incorrectPassword();
  }
  checkCanSignIn(user);
  // A FORCE_CHANGE_PASSWORD user is asked for a new password next (NEW_PASSWORD_REQUIRED).
  await checkSignInPassword(s, pool, user, password, user.status === 'FORCE_CHANGE_PASSWORD' ? 'replaced' : 'kept');
  return completeSignIn(s, pool, client, user);
}

/** REFRESH_TOKEN_AUTH (also named REFRESH_TOKEN): new ID and access tokens for the same sign-in. */
export async function refreshFlow(s: SignInServices, pool: StoredPool, client: SignInClient, flow: string, p: Params): Promise<InitiateAuthResponse> {
  if (!authFlowAllowed(client, flow)) throw flowNotEnabled(flow);
  const token = required(p, 'REFRESH_TOKEN');
  const r = await s.tokens.findRefreshToken(token, s.clock.now());
  // Another client's (or pool's) refresh token is as good as none.
  if (!r || r.clientId !== client.clientId || r.poolId !== pool.id || r.accountId !== pool.accountId) throw invalidRefreshToken();
  const user = await s.store.users.findUser(pool.accountId, pool.id, r.usernameKey);
  // Another sub: the token's user was deleted and this one made under the same name since.
  if (!user || user.sub !== r.sub) throw invalidRefreshToken();
  // The secret hash of a refresh is made with the username the client knows: Cognito's or the sub.
  checkSecretHash(client, [user.username, user.attributes.find(([n]) => n === 'sub')?.[1] ?? ''], p.SECRET_HASH);
  checkCanSignIn(user);
  return {
    ChallengeParameters: {},
    AuthenticationResult: await issueTokens(s, pool, client, user, { authTimeMs: r.authTimeMs, refreshOf: { originJti: r.originJti } }),
  };
}

/** USER_SRP_AUTH: USERNAME and SRP_A; the PASSWORD_VERIFIER challenge. */
export async function srpFlow(s: SignInServices, pool: StoredPool, client: SignInClient, flow: string, p: Params): Promise<InitiateAuthResponse> {
  const username = required(p, 'USERNAME');
  checkClientRules(client, flow, username, p.SECRET_HASH);
  return startSrp(s, pool, client, username, required(p, 'SRP_A'));
}

export const unsupportedFlow = (): InvalidParameterException => new InvalidParameterException('Initiate Auth method not supported.');
