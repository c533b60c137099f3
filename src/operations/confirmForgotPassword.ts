import type { Handler } from './types';
import type { SignInServices } from '../signin/services';
import { UserNotFoundException } from '../api/errors';
import { codeMatches, MAX_CODE_MISSES } from '../domain/codes';
import { checkPasswordIsUnicode, checkPasswordPolicy } from '../domain/passwords';
import { codeExpired, codeMismatch, userNotFound } from '../signin/errors';
import { saveNewPassword } from '../signin/password';
import { checkSecretHash, findSignInUser, hidesUnknownUsers, requireClient } from '../signin/users';

/**
 * The end of a reset: the code from ForgotPassword (or AdminResetUserPassword) and a new
 * password, checked against the pool's policy, make the user CONFIRMED. A wrong code is
 * CodeMismatchException and counts; an expired one, or one missed MAX_CODE_MISSES times, is
 * ExpiredCodeException (docs/spec.md section 9).
 */
export const confirmForgotPassword = (s: SignInServices): Handler<'ConfirmForgotPassword'> => async (input) => {
  checkPasswordIsUnicode(input.Password);
  const { client, pool } = await requireClient(s, input.ClientId);
  checkSecretHash(client, input.Username, input.SecretHash);
  const user = await findSignInUser(s, pool, input.Username);
  if (!user) throw hidesUnknownUsers(client) ? codeMismatch() : new UserNotFoundException('Username/client id combination not found.');
  const ref = { accountId: pool.accountId, poolId: pool.id, usernameKey: user.usernameKey };
  const code = await s.store.credentials.findCode(ref, 'forgot_password');
  if (!code || code.expiresMs < s.clock.now() || code.attempts >= MAX_CODE_MISSES) throw codeExpired();
  if (!codeMatches(input.ConfirmationCode, code.codeHash)) {
    await s.store.credentials.countCodeMiss(ref, 'forgot_password');
    throw codeMismatch();
  }
  checkPasswordPolicy(input.Password, pool.settings.Policies?.PasswordPolicy);
  if (!(await saveNewPassword(s, pool, user, input.Password, 'CONFIRMED'))) throw userNotFound();
  await s.store.credentials.deleteCode(ref, 'forgot_password');
  return {};
};
