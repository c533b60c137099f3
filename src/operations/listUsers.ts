import type { Handler, Services } from './types';
import { InvalidParameterException } from '../api/errors';
import type { AttributeType, UserType } from '../api/generated/cognitoIdp';
import type { StoredUser } from '../domain/user';
import type { StoredPool } from '../domain/userPool';
import { parseUserFilter } from '../domain/userFilter';
import type { UserFilter } from '../store/ports';
import { requirePool } from './lookups';
import { decodePageToken, encodePageToken } from './pageToken';
import { attributesToWire, poolUsernameKey } from './userLookup';

/** Limit: at most 60 a page, 60 when absent [AWS]; 0 is taken as absent [OURS]. */
const PAGE_MAX = 60;

/** [AWS] the answer to an AttributesToGet name the pool does not have (aws/aws-sdk-js#2570). */
const UNKNOWN_ATTRIBUTES = 'One or more requested attributes do not exist.';

/**
 * Users in username order, filtered and paged. The token holds the last username key of the page,
 * so users made or deleted between pages neither repeat nor shift the rest.
 */
export const listUsers = (s: Pick<Services, 'store'>): Handler<'ListUsers'> =>
  async (input, ctx) => {
    const pool = await requirePool(s.store, ctx.scope, input.UserPoolId);
    const filter = storeFilter(pool, parseUserFilter(input.Filter));
    const pick = attributePicker(pool, input.AttributesToGet);
    const listOf = `users:${pool.id}`;
    const afterKey = decodePageToken(listOf, input.PaginationToken, 'PaginationToken')?.id;
    const size = input.Limit ? Math.min(input.Limit, PAGE_MAX) : PAGE_MAX;
    const rows = await s.store.users.listUsers(ctx.scope.accountId, pool.id, size + 1, afterKey, filter);
    const page = rows.slice(0, size);
    return {
      Users: page.map((u) => userToWire(u, pick)),
      PaginationToken: rows.length > size ? encodePageToken(listOf, { ms: 0, id: page[page.length - 1].usernameKey }) : undefined,
    };
  };

/** The filter as the store compares it: usernames as keys, user statuses upper-cased (AWS: case-insensitive). */
function storeFilter(pool: StoredPool, f: UserFilter | undefined): UserFilter | undefined {
  if (f?.attribute === 'username') return { ...f, value: poolUsernameKey(pool, f.value) };
  if (f?.attribute === 'cognito:user_status') return { ...f, value: f.value.toUpperCase() };
  return f;
}

/** Which attributes each user shows: all when AttributesToGet is absent, else those named (none for []). */
function attributePicker(pool: StoredPool, names: string[] | undefined): (a: AttributeType[]) => AttributeType[] {
  if (names === undefined) return (a) => a;
  const known = new Set((pool.settings.SchemaAttributes ?? []).map((a) => a.Name));
  if (names.some((n) => !known.has(n))) throw new InvalidParameterException(UNKNOWN_ATTRIBUTES);
  const wanted = new Set(names);
  return (a) => a.filter((x) => wanted.has(x.Name));
}

function userToWire(u: StoredUser, pick: (a: AttributeType[]) => AttributeType[]): UserType {
  return {
    Username: u.username,
    Attributes: pick(attributesToWire(u)),
    UserCreateDate: new Date(u.createdMs),
    UserLastModifiedDate: new Date(u.modifiedMs),
    Enabled: u.enabled,
    UserStatus: u.status,
  };
}
