// AdminResetUserPassword: a confirmed user must reset its password; a code goes to its verified
// email or phone number, kept as ConfirmForgotPassword will check it (src/domain/codes.ts).
// docs/spec.md section 9, "Admin user operations".
import { NotAuthorizedException } from '../api/errors';
import type { UserStatus } from '../domain/user';
import { resetDelivery, sendResetCode } from '../signin/resetCode';
import { userRef } from './adminUsers';
import type { Handler, Services } from './types';
import { requireUser, userNotFound } from './userLookup';

/** [AWS] The messages sign-in answers a disabled user with (spec section 9); moto answers the same here. */
export const USER_DISABLED = 'User is disabled.';
/** [AWS] moto's wording for a user in another state, as Cognito answers it. */
export const CANNOT_RESET = 'User password cannot be reset in the current state.';

/** [OURS] A RESET_REQUIRED user (an imported one) gets a new code; moto does nothing for it. */
const RESETTABLE: readonly UserStatus[] = ['CONFIRMED', 'RESET_REQUIRED'];

export const adminResetUserPassword = (s: Pick<Services, 'store' | 'clock' | 'outbox'>): Handler<'AdminResetUserPassword'> =>
  async (input, ctx) => {
    const { pool, user } = await requireUser(s.store, ctx.scope, input.UserPoolId, input.Username);
    if (!user.enabled) throw new NotAuthorizedException(USER_DISABLED);
    if (!RESETTABLE.includes(user.status)) throw new NotAuthorizedException(CANNOT_RESET);
    const delivery = resetDelivery(pool, user);
    const nowMs = s.clock.now();
    const ref = userRef(pool, user.usernameKey);
    if (!(await s.store.userAdmin.changeStatus(ref, RESETTABLE, 'RESET_REQUIRED', nowMs))) {
      // Deleted, or its password changed, since it was read.
      if (!(await s.store.users.findUser(pool.accountId, pool.id, user.usernameKey))) throw userNotFound();
      throw new NotAuthorizedException(CANNOT_RESET);
    }
    if (!(await sendResetCode(s, pool, user, delivery, 'reset_password', false))) throw userNotFound(); // deleted since
    return {};
  };
