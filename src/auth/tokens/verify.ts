// The access-token check of the operations that take one (GetUser, GlobalSignOut...): signature
// against the pool's published keys, issuer, token_use, expiry, and the sign-in not revoked.
// Every failure is NotAuthorizedException with Cognito's message (docs/spec.md section 9).
import { compactVerify, decodeJwt } from 'jose';
import { NotAuthorizedException } from '../../api/errors';
import type { StoredPool } from '../../domain/userPool';
import type { PoolStore } from '../../store/ports';
import type { RefreshTokenStore } from '../../store/signInPorts';
import type { PoolSigningKeys } from './signingKeys';

export const INVALID_ACCESS_TOKEN = 'Invalid Access Token';
export const EXPIRED_ACCESS_TOKEN = 'Access Token has expired';
export const REVOKED_ACCESS_TOKEN = 'Access Token has been revoked';

/** An access token's claims, as issued (claims.ts). */
export interface AccessTokenClaims {
  sub: string;
  iss: string;
  client_id: string;
  origin_jti: string;
  event_id: string;
  token_use: 'access';
  scope: string;
  auth_time: number;
  exp: number;
  iat: number;
  jti: string;
  username: string;
}

export interface VerifiedAccessToken {
  /** The pool the token's issuer names (any account: the token says which). */
  pool: StoredPool;
  claims: AccessTokenClaims;
}

export interface VerifyDeps {
  pools: Pick<PoolStore, 'findPoolById'>;
  refreshTokens: Pick<RefreshTokenStore, 'isOriginLive'>;
  keys: PoolSigningKeys;
  /** `<public URL>/`: an issuer is this and a pool id. */
  issuerPrefix: () => string;
}

/** Cognito's pool id form (the API model's UserPoolIdType). */
const POOL_ID = /^[\w-]+_[0-9a-zA-Z]+$/;

const invalid = (): NotAuthorizedException => new NotAuthorizedException(INVALID_ACCESS_TOKEN);

/** The pool a token's (unverified) issuer names, when it is ours and the pool exists. */
async function poolOf(token: string, d: VerifyDeps): Promise<StoredPool | undefined> {
  let iss: unknown;
  try {
    iss = decodeJwt(token).iss;
  } catch {
    return undefined;
  }
  const prefix = d.issuerPrefix();
  if (typeof iss !== 'string' || !iss.startsWith(prefix)) return undefined;
  const poolId = iss.slice(prefix.length);
  return POOL_ID.test(poolId) ? d.pools.findPoolById(poolId) : undefined;
}

/**
 * The token's claims once it is proven ours, in force and not revoked; NotAuthorizedException
 * otherwise. The signature is checked before anything the token says is believed, expiry before
 * revocation (an expired token is "expired" whether or not its sign-in was revoked since).
 */
export async function verifyAccessToken(token: string, nowMs: number, d: VerifyDeps): Promise<VerifiedAccessToken> {
  const pool = await poolOf(token, d);
  if (!pool) throw invalid();
  const ref = { accountId: pool.accountId, poolId: pool.id };
  let payload: Uint8Array;
  try {
    payload = (await compactVerify(token, async (header) => {
      const key = typeof header.kid === 'string' ? await d.keys.verifier(ref, header.kid) : undefined;
      if (!key) throw new Error('no published key by that kid');
      return key;
    }, { algorithms: ['RS256'] })).payload;
  } catch {
    throw invalid();
  }
  let claims: Partial<AccessTokenClaims>;
  try {
    claims = JSON.parse(Buffer.from(payload).toString('utf8')) as Partial<AccessTokenClaims>;
  } catch {
    throw invalid();
  }
  if (claims.token_use !== 'access' || claims.iss !== `${d.issuerPrefix()}${pool.id}` || typeof claims.exp !== 'number'
    || typeof claims.origin_jti !== 'string' || typeof claims.username !== 'string') throw invalid();
  if (claims.exp * 1000 <= nowMs) throw new NotAuthorizedException(EXPIRED_ACCESS_TOKEN);
  if (!(await d.refreshTokens.isOriginLive(claims.origin_jti))) throw new NotAuthorizedException(REVOKED_ACCESS_TOKEN);
  return { pool, claims: claims as AccessTokenClaims };
}
