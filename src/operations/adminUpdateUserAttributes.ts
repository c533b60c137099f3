// AdminUpdateUserAttributes: the user's attributes changed as the request says (an empty value
// removes one), checked as AdminCreateUser checks them, aliases kept unique and the ListUsers
// index columns in step, in one compare-and-set. docs/spec.md section 9, "Admin user operations".
import { TooManyRequestsException } from '../api/errors';
import { aliasesOf, aliasExists, checkAttributes, checkVerifiedContacts, mergeAttributes } from '../domain/userAttributes';
import { userRef } from './adminUsers';
import type { Handler, Services } from './types';
import { requireUser, userNotFound } from './userLookup';

/** Rounds of read-check-write before giving up on a user other requests keep changing. */
const ATTEMPTS = 8;

export const adminUpdateUserAttributes = (s: Pick<Services, 'store' | 'clock'>): Handler<'AdminUpdateUserAttributes'> =>
  async (input, ctx) => {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const { pool, user } = await requireUser(s.store, ctx.scope, input.UserPoolId, input.Username);
      const attributes = mergeAttributes(user.attributes, checkAttributes(pool, input.UserAttributes, 'update', user));
      checkVerifiedContacts(attributes);
      const outcome = await s.store.userAdmin.saveAttributes(userRef(pool, user.usernameKey), user.attributes,
        { attributes, aliases: aliasesOf(pool, attributes) }, s.clock.now());
      if (outcome === 'saved') return {};
      if (outcome === 'gone') throw userNotFound();
      if (outcome !== 'changed') throw aliasExists(outcome.aliasTaken);
    }
    // [OURS] Every round lost to another change of the same user.
    throw new TooManyRequestsException('Too many requests');
  };
