import type { Handler, Services } from './types';
import { checkPasswordIsUnicode, checkPasswordPolicy } from '../domain/passwords';
import { requireUser, userNotFound } from './userLookup';
import { saveNewPassword, userRef } from '../signin/password';
import { CODE_PURPOSES } from '../domain/codes';
import { temporaryPasswordExpiresMs, temporaryPasswordTag } from '../domain/temporaryPasswords';

/**
 * The follow-up AWS recommends after an import: a permanent password makes the user CONFIRMED,
 * a temporary one (Permanent false or absent) FORCE_CHANGE_PASSWORD. The password must meet the
 * pool's PasswordPolicy and is kept only as a salted scrypt hash (computed in the server's
 * bounded hashing queue, src/domain/hashing.ts) and an SRP verifier.
 */
export const adminSetUserPassword = (s: Pick<Services, 'store' | 'signIn' | 'clock'>): Handler<'AdminSetUserPassword'> =>
  async (input, ctx) => {
    // A malformed value is refused before anything is looked up, as the model's validation would.
    checkPasswordIsUnicode(input.Password);
    const { pool, user } = await requireUser(s.store, ctx.scope, input.UserPoolId, input.Username);
    checkPasswordPolicy(input.Password, pool.settings.Policies?.PasswordPolicy);
    const status = input.Permanent === true ? 'CONFIRMED' : 'FORCE_CHANGE_PASSWORD';
    // With its SRP verifier, so USER_SRP_AUTH works with it (src/signin/password.ts).
    const hash = await saveNewPassword(s.signIn, pool, user, input.Password, status);
    if (!hash) throw userNotFound(); // deleted while the hash was computed
    // A temporary password lasts TemporaryPasswordValidityDays, as AdminCreateUser's does
    // (src/domain/temporaryPasswords.ts: the row names this hash, so it says nothing of another).
    if (status === 'FORCE_CHANGE_PASSWORD') {
      await s.store.credentials.putCode(userRef(pool, user), CODE_PURPOSES.temporaryPassword, {
        codeHash: temporaryPasswordTag(hash), expiresMs: temporaryPasswordExpiresMs(pool.settings.Policies?.PasswordPolicy, s.clock.now()), attempts: 0,
      });
    }
    return {};
  };
