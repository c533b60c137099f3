import type { Handler } from './types';
import type { SignInServices } from '../signin/services';
import { requireTokenUser } from '../signin/accessToken';
import { attributesToWire } from './userLookup';

/** The signed-in user's own record, from their access token (unsigned, as on AWS). */
export const getUser = (s: Pick<SignInServices, 'tokens' | 'store' | 'clock'>): Handler<'GetUser'> => async (input) => {
  const { user } = await requireTokenUser(s, input.AccessToken);
  return { Username: user.username, UserAttributes: attributesToWire(user) };
};
