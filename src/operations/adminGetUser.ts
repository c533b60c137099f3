import type { Handler, Services } from './types';
import { attributesToWire, requireUser } from './userLookup';

export const adminGetUser = (s: Pick<Services, 'store'>): Handler<'AdminGetUser'> =>
  async (input, ctx) => {
    const { user } = await requireUser(s.store, ctx.scope, input.UserPoolId, input.Username);
    return {
      Username: user.username,
      UserAttributes: attributesToWire(user),
      UserCreateDate: new Date(user.createdMs),
      UserLastModifiedDate: new Date(user.modifiedMs),
      Enabled: user.enabled,
      UserStatus: user.status,
    };
  };
