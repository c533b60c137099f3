import type { Handler } from './types';
import type { SignInServices } from '../signin/services';
import { UserNotFoundException } from '../api/errors';
import { codeMatches, MAX_CODE_MISSES } from '../domain/codes';
import { checkPasswordIsUnicode, checkPasswordPolicy } from '../domain/passwords';
import { codeExpired, codeMismatch, userDisabled, userNotFound } from '../signin/errors';
import { saveNewPassword } from '../signin/password';
import { checkSecretHash, findSignInUser, hidesUnknownUsers, requireClient } from '../signin/users';

/**
 * The end of a reset: the code from ForgotPassword (or AdminResetUserPassword) and a new
 * password, checked against the pool's policy, make the user CONFIRMED. A wrong code is
 * CodeMismatchException; every try counts, and an expired code, or one tried MAX_CODE_MISSES
 * times, is ExpiredCodeException (docs/spec.md section 9).
 */
export const confirmForgotPassword = (s: SignInServices): Handler<'ConfirmForgotPassword'> => async (input) => {
  checkPasswordIsUnicode(input.Password);
  const { client, pool } = await requireClient(s, input.ClientId);
  checkSecretHash(client, input.Username, input.SecretHash);
  const user = await findSignInUser(s, pool, input.Username);
  if (!user) throw hidesUnknownUsers(client) ? codeMismatch() : new UserNotFoundException('Username/client id combination not found.');
  if (!user.enabled) throw userDisabled();
  const ref = { accountId: pool.accountId, poolId: pool.id, usernameKey: user.usernameKey };
  // Read and counted in one statement: tries sent at once cannot get past MAX_CODE_MISSES.
  const code = await s.store.credentials.tryCode(ref, 'forgot_password', s.clock.now(), MAX_CODE_MISSES);
  if (!code) throw codeExpired();
  if (!codeMatches(input.ConfirmationCode, code.codeHash)) throw codeMismatch();
  checkPasswordPolicy(input.Password, pool.settings.Policies?.PasswordPolicy);
  // Used up by one caller only: two requests with the same code cannot both set a password.
  if (!(await s.store.credentials.consumeCode(ref, 'forgot_password', code.codeHash))) throw codeExpired();
  if (!(await saveNewPassword(s, pool, user, input.Password, 'CONFIRMED'))) throw userNotFound();
  return {};
};
