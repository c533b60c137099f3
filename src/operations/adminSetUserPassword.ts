import type { Handler, Services } from './types';
import { checkPasswordIsUnicode, checkPasswordPolicy } from '../domain/passwords';
import { requireUser, userNotFound } from './userLookup';
import { saveNewPassword } from '../signin/password';

/**
 * The follow-up AWS recommends after an import: a permanent password makes the user CONFIRMED,
 * a temporary one (Permanent false or absent) FORCE_CHANGE_PASSWORD. The password must meet the
 * pool's PasswordPolicy and is kept only as a salted scrypt hash (computed in the server's
 * bounded hashing queue, src/domain/hashing.ts) and an SRP verifier.
 */
export const adminSetUserPassword = (s: Pick<Services, 'store' | 'signIn'>): Handler<'AdminSetUserPassword'> =>
  async (input, ctx) => {
    // A malformed value is refused before anything is looked up, as the model's validation would.
    checkPasswordIsUnicode(input.Password);
    const { pool, user } = await requireUser(s.store, ctx.scope, input.UserPoolId, input.Username);
    checkPasswordPolicy(input.Password, pool.settings.Policies?.PasswordPolicy);
    const status = input.Permanent === true ? 'CONFIRMED' : 'FORCE_CHANGE_PASSWORD';
    // With its SRP verifier, so USER_SRP_AUTH works with it (src/signin/password.ts).
    const saved = await saveNewPassword(s.signIn, pool, user, input.Password, status);
    if (!saved) throw userNotFound(); // deleted while the hash was computed
    return {};
  };
