// Row <-> port mapping of the sign-in token tables, shared by the SQL backends (as rows.ts):
// the same column names, BIGINTs as numbers on PostgreSQL too (postgres/sql.ts TYPES).
import type { PublicJwk, RefreshTokenRecord, SigningKeyInfo } from './signInPorts';

export interface KeyRow { kid: string; private_key?: string; public_jwk: string; created_ms: number; retired_ms: number | null }

export const toKeyInfo = (r: KeyRow): SigningKeyInfo => ({
  kid: r.kid, publicJwk: JSON.parse(r.public_jwk) as PublicJwk, createdMs: r.created_ms, ...(r.retired_ms !== null && { retiredMs: r.retired_ms }),
});

export interface RefreshTokenRow {
  token_hash: string; origin_jti: string; account_id: string; pool_id: string; client_id: string; username_key: string; sub: string;
  auth_time_ms: number; expires_ms: number; revoked_ms: number | null;
}

export const REFRESH_TOKEN_COLUMNS = ['token_hash', 'origin_jti', 'account_id', 'pool_id', 'client_id', 'username_key', 'sub', 'auth_time_ms', 'expires_ms', 'revoked_ms'] as const;

export const toRefreshToken = (r: RefreshTokenRow): RefreshTokenRecord => ({
  tokenHash: r.token_hash, originJti: r.origin_jti, accountId: r.account_id, poolId: r.pool_id, clientId: r.client_id,
  usernameKey: r.username_key, sub: r.sub, authTimeMs: r.auth_time_ms, expiresMs: r.expires_ms, ...(r.revoked_ms !== null && { revokedMs: r.revoked_ms }),
});
