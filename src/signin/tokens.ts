// Sign-in's use of the token service (src/auth/tokens): tokens for a user who just signed in, and
// for a refresh, with the client's lifetimes and only the attributes the client may read.
import type { AuthenticationResultType } from '../api/generated/cognitoIdp';
import { tokenLifetimes } from '../domain/appClient';
import type { StoredUser } from '../domain/user';
import type { StoredPool } from '../domain/userPool';
import type { SignInClient, SignInServices } from './services';

/**
 * [AWS] What a user's client may read of them: never the developer-only `dev:` attributes, and,
 * for a client given ReadAttributes, only those (and sub); without the list, every other one.
 */
export function readableAttributes(client: SignInClient | undefined, user: StoredUser): [string, string][] {
  const read = client?.settings.ReadAttributes;
  const allowed = read?.length ? new Set(read) : undefined;
  return user.attributes.filter(([name]) => !name.startsWith('dev:') && (!allowed || name === 'sub' || allowed.has(name)));
}

export async function issueTokens(
  s: Pick<SignInServices, 'tokens' | 'clock'>, pool: StoredPool, client: SignInClient, user: StoredUser,
  sign: { authTimeMs: number; refreshOf?: { originJti: string } },
): Promise<AuthenticationResultType> {
  const t = tokenLifetimes(client.settings);
  const sub = user.attributes.find(([n]) => n === 'sub')?.[1] ?? '';
  const common = {
    pool, client: { id: client.clientId },
    user: { username: user.username, usernameKey: user.usernameKey, sub, attributes: readableAttributes(client, user) },
    authTimeS: Math.floor(sign.authTimeMs / 1000), nowMs: s.clock.now(),
    validity: { idTokenSeconds: t.idSeconds, accessTokenSeconds: t.accessSeconds, refreshTokenSeconds: t.refreshSeconds },
  };
  return sign.refreshOf
    ? s.tokens.issueTokens({ ...common, withRefresh: false, originJti: sign.refreshOf.originJti })
    : s.tokens.issueTokens({ ...common, withRefresh: true });
}
