// AdminResetUserPassword: a confirmed user must reset its password; a code goes to its verified
// email or phone number, kept as ConfirmForgotPassword will check it (src/domain/codes.ts).
// docs/spec.md section 9, "Admin user operations".
import { InvalidParameterException, NotAuthorizedException } from '../api/errors';
import { CODE_PURPOSES, CODE_TTL_MS, hashCode, newCode } from '../domain/codes';
import { recoveryDelivery } from '../domain/recovery';
import type { UserStatus } from '../domain/user';
import { codeMessage } from '../messages/userMessages';
import { userRef } from './adminUsers';
import type { Handler, Services } from './types';
import { requireUser, userNotFound } from './userLookup';

/** [AWS] The messages sign-in answers a disabled user with (spec section 9); moto answers the same here. */
export const USER_DISABLED = 'User is disabled.';
/** [AWS] moto's wording for a user in another state, as Cognito answers it. */
export const CANNOT_RESET = 'User password cannot be reset in the current state.';
/** [AWS] The words applications match on ForgotPassword's answer (spec section 9 sources). */
export const NO_RECOVERY = 'Cannot reset password for the user as there is no registered/verified email or phone_number';
/** [OURS] A pool whose AccountRecoverySetting is admin_only only: the API reference asks for self-service recovery. */
export const ADMIN_ONLY = 'The user pool\'s AccountRecoverySetting is admin_only, so no reset code can be sent; use AdminSetUserPassword.';

/** [OURS] A RESET_REQUIRED user (an imported one) gets a new code; moto does nothing for it. */
const RESETTABLE: readonly UserStatus[] = ['CONFIRMED', 'RESET_REQUIRED'];

export const adminResetUserPassword = (s: Pick<Services, 'store' | 'clock' | 'outbox'>): Handler<'AdminResetUserPassword'> =>
  async (input, ctx) => {
    const { pool, user } = await requireUser(s.store, ctx.scope, input.UserPoolId, input.Username);
    if (!user.enabled) throw new NotAuthorizedException(USER_DISABLED);
    if (!RESETTABLE.includes(user.status)) throw new NotAuthorizedException(CANNOT_RESET);
    const delivery = recoveryDelivery(pool, user.attributes);
    if (delivery === 'admin_only') throw new NotAuthorizedException(ADMIN_ONLY);
    if (!delivery) throw new InvalidParameterException(NO_RECOVERY);
    const nowMs = s.clock.now();
    const ref = userRef(pool, user.usernameKey);
    if (!(await s.store.userAdmin.changeStatus(ref, RESETTABLE, 'RESET_REQUIRED', nowMs))) {
      // Deleted, or its password changed, since it was read.
      if (!(await s.store.users.findUser(pool.accountId, pool.id, user.usernameKey))) throw userNotFound();
      throw new NotAuthorizedException(CANNOT_RESET);
    }
    const code = newCode();
    await s.store.credentials.putCode(ref, CODE_PURPOSES.forgotPassword, { codeHash: hashCode(code), expiresMs: nowMs + CODE_TTL_MS, attempts: 0 });
    await s.outbox.send(codeMessage({ pool, username: user.username, delivery, nowMs }, 'reset_password', code));
    return {};
  };
