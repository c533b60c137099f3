import type { Handler } from './types';
import type { SignInServices } from '../signin/services';
import { UserNotFoundException } from '../api/errors';
import { CODE_TTL_MS, hashCode, newCode } from '../domain/codes';
import { codeMessage } from '../signin/codeDelivery';
import { userDisabled } from '../signin/errors';
import { checkSecretHash, findSignInUser, hidesUnknownUsers, requireClient } from '../signin/users';

/**
 * The start of a reset (the path an imported RESET_REQUIRED user takes): a six-digit code to the
 * user's verified email or phone, through the outbox; the answer says where, masked.
 */
export const forgotPassword = (s: SignInServices): Handler<'ForgotPassword'> => async (input) => {
  const { client, pool } = await requireClient(s, input.ClientId);
  checkSecretHash(client, input.Username, input.SecretHash);
  const user = await findSignInUser(s, pool, input.Username);
  if (!user) {
    // [AWS] Cognito's message for an unknown user here; with PreventUserExistenceErrors, an
    // answer like a real one ([OURS]: masked as an email would be) and no message.
    if (!hidesUnknownUsers(client)) throw new UserNotFoundException('Username/client id combination not found.');
    return { CodeDeliveryDetails: { Destination: `${input.Username[0] ?? 'x'}***@e***.com`, DeliveryMedium: 'EMAIL', AttributeName: 'email' } };
  }
  if (!user.enabled) throw userDisabled();
  const code = newCode();
  const now = s.clock.now();
  const { message, details } = codeMessage(pool, user, 'forgot_password', code, now);
  await s.store.credentials.putCode({ accountId: pool.accountId, poolId: pool.id, usernameKey: user.usernameKey }, 'forgot_password',
    { codeHash: hashCode(code), expiresMs: now + CODE_TTL_MS, attempts: 0 });
  await s.outbox.send(message);
  return { CodeDeliveryDetails: details };
};
