import type { Handler } from './types';
import type { SignInServices } from '../signin/services';
import { checkPasswordIsUnicode, checkPasswordPolicy } from '../domain/passwords';
import { requireTokenUser } from '../signin/accessToken';
import { changedMeanwhile, checkSignInPassword, saveNewPassword } from '../signin/password';

/**
 * A signed-in user changes their password: the previous one is checked as a sign-in checks it
 * (wrong ones count towards the lockout), the new one against the pool's policy.
 */
export const changePassword = (s: SignInServices): Handler<'ChangePassword'> => async (input) => {
  checkPasswordIsUnicode(input.ProposedPassword);
  const { pool, user } = await requireTokenUser(s, input.AccessToken);
  checkPasswordPolicy(input.ProposedPassword, pool.settings.Policies?.PasswordPolicy);
  // [OURS] PreviousPassword is optional in the model (for passwordless users); every user here has one.
  await checkSignInPassword(s, pool, user, input.PreviousPassword ?? '');
  if (!(await saveNewPassword(s, pool, user, input.ProposedPassword, user.status, true))) await changedMeanwhile(s, pool, user);
  return {};
};
