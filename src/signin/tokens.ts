// Sign-in's use of the token service (src/auth/tokens): tokens for a user who just signed in, and
// for a refresh, with the client's lifetimes and only the attributes the client may read.
import type { AuthenticationResultType } from '../api/generated/cognitoIdp';
import { tokenLifetimes } from '../domain/appClient';
import type { StoredUser } from '../domain/user';
import type { StoredPool } from '../domain/userPool';
import type { SignInClient, SignInServices } from './services';
import { unknownUserError } from './users';

/**
 * [AWS] What a user's client may read of them: never the developer-only `dev:` attributes, and,
 * for a client given ReadAttributes, only those (and sub); without the list, every other one.
 */
export function readableAttributes(client: SignInClient | undefined, user: StoredUser): [string, string][] {
  const read = client?.settings.ReadAttributes;
  const allowed = read?.length ? new Set(read) : undefined;
  return user.attributes.filter(([name]) => !name.startsWith('dev:') && (!allowed || name === 'sub' || allowed.has(name)));
}

/**
 * The tokens of a sign-in (a new refresh token) or of a refresh (refreshOf). A user deleted (or
 * deleted and made again) since the sign-in read it gets no tokens: the answer to an unknown user.
 */
export async function issueTokens(
  s: Pick<SignInServices, 'tokens' | 'clock'>, pool: StoredPool, client: SignInClient, user: StoredUser,
  sign: { authTimeMs: number; refreshOf?: { originJti: string } },
): Promise<AuthenticationResultType> {
  const t = tokenLifetimes(client.settings);
  const common = {
    pool, client: { id: client.clientId },
    user: { username: user.username, usernameKey: user.usernameKey, sub: user.sub, attributes: readableAttributes(client, user) },
    authTimeS: Math.floor(sign.authTimeMs / 1000), nowMs: s.clock.now(),
    validity: { idTokenSeconds: t.idSeconds, accessTokenSeconds: t.accessSeconds, refreshTokenSeconds: t.refreshSeconds },
  };
  const issued = sign.refreshOf
    ? await s.tokens.issueTokens({ ...common, withRefresh: false, originJti: sign.refreshOf.originJti })
    : await s.tokens.issueTokens({ ...common, withRefresh: true });
  if (!issued) throw unknownUserError(client);
  return issued;
}
