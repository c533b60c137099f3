import type { Handler } from './types';
import type { SignInClient, SignInServices } from '../signin/services';
import type { ForgotPasswordResponse } from '../api/generated/cognitoIdp';
import { NotAuthorizedException, UserNotFoundException } from '../api/errors';
import { resetDelivery, sendResetCode } from '../signin/resetCode';
import { CANNOT_RESET } from './adminResetUserPassword';
import { userDisabled } from '../signin/errors';
import { checkSecretHash, findSignInUser, hidesUnknownUsers, requireClient } from '../signin/users';

/**
 * The start of a reset (the path an imported RESET_REQUIRED user takes): a six-digit code to the
 * user's verified email or phone (by the pool's AccountRecoverySetting), through the outbox; the
 * answer says where, masked.
 */
export const forgotPassword = (s: SignInServices): Handler<'ForgotPassword'> => async (input) => {
  const { client, pool } = await requireClient(s, input.ClientId);
  checkSecretHash(client, input.Username, input.SecretHash);
  const user = await findSignInUser(s, pool, input.Username);
  if (!user) return unknownUser(client, input.Username);
  if (!user.enabled) throw userDisabled();
  // [AWS] A user waiting for a first password (or unconfirmed) cannot reset one.
  if (user.status === 'FORCE_CHANGE_PASSWORD' || user.status === 'UNCONFIRMED') throw new NotAuthorizedException(CANNOT_RESET);
  const details = await sendResetCode(s, pool, user, resetDelivery(pool, user), 'forgot_password', true);
  // Undefined: deleted since it was read, now as unknown as any other name.
  return details ? { CodeDeliveryDetails: details } : unknownUser(client, input.Username);
};

/**
 * [AWS] Cognito's message for an unknown user here; with PreventUserExistenceErrors, an answer
 * like a real one ([OURS]: masked as an email would be) and no message.
 */
function unknownUser(client: SignInClient, username: string): ForgotPasswordResponse {
  if (!hidesUnknownUsers(client)) throw new UserNotFoundException('Username/client id combination not found.');
  return { CodeDeliveryDetails: { Destination: `${username[0] ?? 'x'}***@e***.com`, DeliveryMedium: 'EMAIL', AttributeName: 'email' } };
}
