// A sign-in's password: checked against the user's stored hash (the server's scrypt, or a hash
// the import brought), wrong ones counted towards the lockout; and a new password saved with its
// SRP verifier, so every flow works with it from then on (docs/spec.md section 9).
import { isWellFormed } from '../domain/passwords';
import type { StoredUser } from '../domain/user';
import type { StoredPool } from '../domain/userPool';
import type { UserRef } from '../store/credentialPorts';
import { attemptsExceeded, incorrectPassword, userNotFound } from './errors';
import { checkCanSignIn } from './users';
import type { SignInServices } from './services';

export const userRef = (pool: StoredPool, user: StoredUser): UserRef => ({ accountId: pool.accountId, poolId: pool.id, usernameKey: user.usernameKey });

/** NotAuthorizedException "Password attempts exceeded" while the user is locked. */
export async function checkNotLocked(s: Pick<SignInServices, 'store' | 'clock'>, pool: StoredPool, user: StoredUser): Promise<void> {
  const cred = await s.store.credentials.findCredentials(userRef(pool, user));
  if (cred?.lockedUntilMs !== undefined && cred.lockedUntilMs > s.clock.now()) throw attemptsExceeded();
}

/** A wrong password (or SRP claim): counted, and answered as Cognito does, locked or not. */
export async function failSignIn(s: Pick<SignInServices, 'store' | 'clock' | 'lockout'>, pool: StoredPool, user: StoredUser): Promise<never> {
  const { lockedUntilMs } = await s.store.credentials.recordFailedSignIn(userRef(pool, user), s.clock.now(), s.lockout);
  throw lockedUntilMs !== undefined ? attemptsExceeded() : incorrectPassword();
}

/**
 * The password must match the user's stored hash. A hash without an SRP verifier (an imported
 * one: the first password sign-in is the only time the server learns an imported user's
 * password) is then replaced by the server's own hash and a verifier, soon after the answer,
 * unless the password itself is about to be `replaced` (ChangePassword, NEW_PASSWORD_REQUIRED).
 */
export async function checkSignInPassword(
  s: SignInServices, pool: StoredPool, user: StoredUser, password: string, then: 'kept' | 'replaced' = 'kept',
): Promise<void> {
  const ref = userRef(pool, user);
  const cred = await s.store.credentials.findCredentials(ref);
  if (cred?.lockedUntilMs !== undefined && cred.lockedUntilMs > s.clock.now()) throw attemptsExceeded();
  const hash = user.passwordHash;
  // verifyImported checks every form the import accepts, the server's own `$scrypt$` among them
  // (src/domain/importedHashForms.ts); a lone surrogate is never any password's text.
  const ok = hash !== undefined && isWellFormed(password) && await s.passwords.verifyImported(password, hash);
  if (!ok) await failSignIn(s, pool, user);
  // Wrong guesses sent at once all passed the first look while they waited for the hashing
  // queue; those that finished first locked the user meanwhile: the lock holds for this one too.
  const now = await s.store.credentials.findCredentials(ref);
  if (now?.lockedUntilMs !== undefined && now.lockedUntilMs > s.clock.now()) throw attemptsExceeded();
  if (now && now.failedAttempts > 0) await s.store.credentials.clearFailedSignIns(ref);
  // No verifier: an imported hash (or one kept from before verifiers): replaced by the server's
  // own and a verifier after the answer, in the background (src/signin/hashUpgrades.ts).
  if (!cred?.srpVerifier && then === 'kept') s.upgrades.schedule(pool, user, password);
}

/**
 * The user's new password, hashed, with its SRP verifier, in the given status: its hash, or
 * undefined when the user is gone or (ifUnchanged) its hash or status changed since `user` was
 * read: a change made while this one hashed (an administrator's reset) is not undone.
 * `hash` is the hashing queue's lane: the one a request waits for, unless given another (the
 * idle lane of an imported hash's upgrade, src/signin/hashUpgrades.ts); when it gives no hash
 * (dropped), nothing is saved.
 */
export async function saveNewPassword(
  s: Pick<SignInServices, 'store' | 'clock' | 'passwords' | 'srp'>, pool: StoredPool, user: StoredUser, password: string, status: StoredUser['status'],
  ifUnchanged = false, hash: (password: string) => Promise<string | undefined> = (p) => s.passwords.hash(p),
): Promise<string | undefined> {
  const passwordHash = await hash(password);
  if (passwordHash === undefined) return undefined;
  const srp = await s.srp.makeVerifier(pool.id, user.username, password);
  const saved = await s.store.credentials.savePassword(userRef(pool, user), {
    passwordHash, status, srp, nowMs: s.clock.now(), ...(ifUnchanged && { ifUnchanged: { passwordHash: user.passwordHash, status: user.status } }),
  });
  return saved ? passwordHash : undefined;
}

/** After an ifUnchanged save that did not happen: the answer the user's state now calls for. */
export async function changedMeanwhile(s: Pick<SignInServices, 'store'>, pool: StoredPool, user: StoredUser): Promise<never> {
  const now = await s.store.users.findUser(pool.accountId, pool.id, user.usernameKey);
  if (!now) throw userNotFound();
  checkCanSignIn(now);
  throw incorrectPassword();
}
