import type { Handler } from './types';
import type { SignInServices, SignInUser } from '../signin/services';
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
  const previous = input.PreviousPassword ?? '';
  await checkSignInPassword(s, pool, user, previous, 'replaced');
  if (await saveNewPassword(s, pool, user, input.ProposedPassword, user.status, true)) return {};
  const upgraded = await upgradedMeanwhile(s, { pool, user }, previous);
  if (!upgraded || !(await saveNewPassword(s, pool, upgraded, input.ProposedPassword, upgraded.status, true))) await changedMeanwhile(s, pool, user);
  return {};
};

/**
 * An earlier sign-in's upgrade of an imported hash (src/signin/hashUpgrades.ts) may land while
 * the new password hashed: the same password under the server's hash, so the change goes on
 * against it. The user as it is now when that is so; any other change meanwhile stands.
 */
async function upgradedMeanwhile(s: SignInServices, { pool, user }: SignInUser, previous: string): Promise<SignInUser['user'] | undefined> {
  const now = await s.store.users.findUser(pool.accountId, pool.id, user.usernameKey);
  if (!now?.passwordHash || now.status !== user.status || now.passwordHash === user.passwordHash) return undefined;
  return (await s.passwords.verifyImported(previous, now.passwordHash)) ? now : undefined;
}
