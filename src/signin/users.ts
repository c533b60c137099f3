// Who is signing in: the pool and client from a client id, the user from the name given, and the
// states in which sign-in stops before any password is looked at.
import type { AliasKind, StoredUser } from '../domain/user';
import type { StoredPool } from '../domain/userPool';
import { poolUsernameKey } from '../operations/userLookup';
import { NotAuthorizedException, type UserNotFoundException } from '../api/errors';
import { authFlowAllowed, checkSecretHash as secretHashState, secretHashMismatchMessage, secretMissingMessage } from '../domain/clientAuth';
import { clientNotFound, flowNotEnabled, incorrectPassword, resetRequired, userDisabled, userNotFound } from './errors';
import type { SignInClient, SignInServices } from './services';

/** The client and its pool; ResourceNotFoundException for an unknown client (or a pool gone with it). */
export async function requireClient(s: Pick<SignInServices, 'store'>, clientId: string): Promise<{ client: SignInClient; pool: StoredPool }> {
  const client = await s.store.clients.findClientById(clientId);
  const pool = client && await s.store.pools.findPool({ accountId: client.accountId, region: client.region }, client.poolId);
  if (!client || !pool) throw clientNotFound(clientId);
  return { client, pool };
}

/** The flow must be one the client allows; its secret hash must match when it has a secret. */
export function checkClientRules(client: SignInClient, flow: string, username: string, secretHash: string | undefined): void {
  if (!authFlowAllowed(client, flow)) throw flowNotEnabled(flow);
  checkSecretHash(client, username, secretHash);
}

/**
 * NotAuthorizedException unless SECRET_HASH is right for a client with a secret, made with any of
 * the names given (a refresh's may be made with the username or the sub), with Cognito's
 * message for a missing hash and for a wrong one.
 */
export function checkSecretHash(client: SignInClient, username: string | string[], given: string | undefined): void {
  const names = Array.isArray(username) ? username : [username];
  const results = names.map((n) => secretHashState(client, n, given));
  if (results.some((r) => r === 'ok' || r === 'not-required')) return;
  throw new NotAuthorizedException(results[0] === 'missing' ? secretMissingMessage(client.clientId) : secretHashMismatchMessage(client.clientId));
}

/** PreventUserExistenceErrors ENABLED: an unknown user is answered as a wrong password. */
export const hidesUnknownUsers = (client: SignInClient): boolean => client.settings.PreventUserExistenceErrors === 'ENABLED';

/** What a sign-in answers for a user that does not exist: UserNotFoundException, or a wrong password where the client hides users. */
export const unknownUserError = (client: SignInClient): NotAuthorizedException | UserNotFoundException => (hidesUnknownUsers(client) ? incorrectPassword() : userNotFound());

/** Which alias a sign-in name can be, by its form, among the kinds the pool signs in with. */
function aliasKindsOf(pool: StoredPool, name: string): AliasKind[] {
  const kinds = (pool.settings.AliasAttributes?.length ? pool.settings.AliasAttributes : pool.settings.UsernameAttributes ?? []) as AliasKind[];
  return kinds.filter((k) => (k === 'email' ? name.includes('@') : k === 'phone_number' ? name.startsWith('+') : true));
}

/** The user a sign-in name names: the username first, then the pool's sign-in aliases (AliasAttributes, UsernameAttributes). */
export async function findSignInUser(s: Pick<SignInServices, 'store'>, pool: StoredPool, name: string): Promise<StoredUser | undefined> {
  const user = await s.store.users.findUser(pool.accountId, pool.id, poolUsernameKey(pool, name));
  if (user) return user;
  const caseSensitive = pool.settings.UsernameConfiguration?.CaseSensitive ?? true;
  for (const kind of aliasKindsOf(pool, name)) {
    // Stored as the import stores them (csvHeader.ts AliasPlan.lower): emails lower-cased, and
    // preferred usernames in a case-insensitive pool.
    const lower = kind === 'email' || (kind === 'preferred_username' && !caseSensitive);
    const aliased = await s.store.users.findUserByAlias(pool.accountId, pool.id, kind, lower ? name.toLowerCase() : name);
    if (aliased) return aliased;
  }
  return undefined;
}

/**
 * States that stop a sign-in before its password: disabled, and RESET_REQUIRED (an imported
 * user has no password until the reset: docs/spec.md section 9).
 */
export function checkCanSignIn(user: StoredUser): void {
  if (!user.enabled) throw userDisabled();
  if (user.status === 'RESET_REQUIRED') throw resetRequired();
}

/**
 * A challenge's answer names its user (USERNAME, or an alias of it) and carries the SECRET_HASH
 * made with that name: another user's name, or a hash for it, answers nothing.
 */
export async function checkAnswerUser(
  s: Pick<SignInServices, 'store'>, pool: StoredPool, client: SignInClient, user: StoredUser, responses: Record<string, string>,
): Promise<void> {
  const named = responses.USERNAME ?? '';
  if (poolUsernameKey(pool, named) !== user.usernameKey && (await findSignInUser(s, pool, named))?.usernameKey !== user.usernameKey) {
    throw incorrectPassword();
  }
  checkSecretHash(client, named, responses.SECRET_HASH);
}
