// The claims of Cognito's ID and access tokens (docs/spec.md section 9), in the order they are
// put in: claims that share a HashMap bucket keep that order (claimOrder.ts). Published tokens
// show custom attributes put in before the standard claims (custom:role before iat,
// custom:created_at before sub) and standard attributes after them (jti before email, iat
// before family_name); scope before auth_time.
import { hashMapOrder } from './claimOrder';
import type { JsonEntries } from './jws';

/** What the tokens say of the user: the caller passes the attributes the app client may read. */
export interface TokenUser {
  username: string;
  usernameKey: string;
  sub: string;
  /** Name/value pairs as stored (sub among them or not: the token's sub is `sub`). */
  attributes: [string, string][];
}

export interface ClaimFacts {
  /** `<public URL>/<poolId>`. */
  issuer: string;
  clientId: string;
  user: TokenUser;
  originJti: string;
  eventId: string;
  authTimeS: number;
  iatS: number;
}

/** The access token's scope for a sign-in through the API (no OAuth scopes without a hosted UI). */
export const API_SCOPE = 'aws.cognito.signin.user.admin';

/**
 * An attribute as the ID token carries it: the two verified flags as booleans, updated_at as a
 * number (both as OIDC types them, and as published tokens show), address as OIDC's address
 * object; every other value, custom attributes included, as its string ("Amazon Cognito writes
 * custom attribute values to the ID token as strings regardless of attribute type").
 */
function claimValue(name: string, value: string): unknown {
  switch (name) {
    case 'email_verified':
    case 'phone_number_verified':
      return value === 'true';
    case 'updated_at':
      return /^\d{1,15}$/.test(value) ? Number(value) : value;
    case 'address':
      return { formatted: value };
    default:
      return value;
  }
}

/** sub comes from the user; developer-only attributes never leave the server (Cognito's dev:custom:). */
const inToken = (name: string): boolean => name !== 'sub' && !name.startsWith('dev:');

export function idTokenClaims(f: ClaimFacts, jti: string, expS: number): JsonEntries {
  const attrs = f.user.attributes.filter(([n]) => inToken(n));
  const custom = attrs.filter(([n]) => n.startsWith('custom:'));
  const standard = attrs.filter(([n]) => !n.startsWith('custom:'));
  return hashMapOrder<unknown>([
    ...custom.map(([n, v]): [string, unknown] => [n, v]),
    ['sub', f.user.sub],
    ['iss', f.issuer],
    ['cognito:username', f.user.username],
    ['origin_jti', f.originJti],
    ['aud', f.clientId],
    ['event_id', f.eventId],
    ['token_use', 'id'],
    ['auth_time', f.authTimeS],
    ['exp', expS],
    ['iat', f.iatS],
    ['jti', jti],
    ...standard.map(([n, v]): [string, unknown] => [n, claimValue(n, v)]),
  ]);
}

export function accessTokenClaims(f: ClaimFacts, jti: string, expS: number): JsonEntries {
  return hashMapOrder<unknown>([
    ['sub', f.user.sub],
    ['iss', f.issuer],
    ['client_id', f.clientId],
    ['origin_jti', f.originJti],
    ['event_id', f.eventId],
    ['token_use', 'access'],
    ['scope', API_SCOPE],
    ['auth_time', f.authTimeS],
    ['exp', expS],
    ['iat', f.iatS],
    ['jti', jti],
    ['username', f.user.username],
  ]);
}
