import type { Handler, Services } from './types';
import { checkPasswordIsUnicode, checkPasswordPolicy } from '../domain/passwords';
import { requireUser, userNotFound } from './userLookup';

/**
 * The follow-up AWS recommends after an import: a permanent password makes the user CONFIRMED,
 * a temporary one (Permanent false or absent) FORCE_CHANGE_PASSWORD. The password must meet the
 * pool's PasswordPolicy and is kept only as a salted scrypt hash, computed in the server's
 * bounded hashing queue (src/domain/hashing.ts).
 */
export const adminSetUserPassword = (s: Pick<Services, 'store' | 'clock' | 'passwords'>): Handler<'AdminSetUserPassword'> =>
  async (input, ctx) => {
    // A malformed value is refused before anything is looked up, as the model's validation would.
    checkPasswordIsUnicode(input.Password);
    const { pool, user } = await requireUser(s.store, ctx.scope, input.UserPoolId, input.Username);
    checkPasswordPolicy(input.Password, pool.settings.Policies?.PasswordPolicy);
    const hash = await s.passwords.hash(input.Password);
    const status = input.Permanent === true ? 'CONFIRMED' : 'FORCE_CHANGE_PASSWORD';
    const saved = await s.store.users.setPassword(ctx.scope.accountId, pool.id, user.usernameKey, hash, status, s.clock.now());
    if (!saved) throw userNotFound(); // deleted while the hash was computed
    return {};
  };
