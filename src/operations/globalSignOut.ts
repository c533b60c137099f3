import type { Handler } from './types';
import type { SignInServices } from '../signin/services';
import { requireTokenUser } from '../signin/accessToken';

/** Signs the user out everywhere: every refresh token of theirs, and the tokens of those sign-ins, stop working. */
export const globalSignOut = (s: Pick<SignInServices, 'tokens' | 'store' | 'clock'>): Handler<'GlobalSignOut'> => async (input) => {
  const { pool, user } = await requireTokenUser(s, input.AccessToken);
  await s.tokens.signOutEverywhere(pool, user.usernameKey, s.clock.now());
  return {};
};
