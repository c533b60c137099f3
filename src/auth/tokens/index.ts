// Cognito's tokens for sign-in (docs/spec.md section 9): ID and access tokens (RS256 JWTs with
// Cognito's claims), refresh tokens (opaque, stored by hash), the access-token check, and what a
// pool publishes for verifiers (its JWKS and discovery document). The operations that sign users
// in (InitiateAuth...) and take access tokens (GetUser, GlobalSignOut...) use this, as
// services.tokens; the well-known routes too (src/http/wellKnown.ts).
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { StoredPool } from '../../domain/userPool';
import type { PoolStore } from '../../store/ports';
import type { NewSigningKey, PoolRef, PublicJwk, RefreshTokenRecord, RefreshTokenStore, SigningKeyInfo, SigningKeyStore } from '../../store/signInPorts';
import { accessTokenClaims, idTokenClaims, type ClaimFacts, type TokenUser } from './claims';
import { signRs256 } from './jws';
import { PoolSigningKeys } from './signingKeys';
import { verifyAccessToken, type VerifiedAccessToken } from './verify';

export type { TokenUser } from './claims';
export type { AccessTokenClaims, VerifiedAccessToken } from './verify';
export { INVALID_ACCESS_TOKEN, EXPIRED_ACCESS_TOKEN, REVOKED_ACCESS_TOKEN } from './verify';

/** How long tokens last, in seconds: the app client's settings, in whatever units it keeps them. */
export interface TokenValidity {
  idTokenSeconds: number;
  accessTokenSeconds: number;
  refreshTokenSeconds: number;
}

/** [AWS] an app client's defaults: ID and access tokens 60 minutes, refresh tokens 30 days. */
export const DEFAULT_VALIDITY: TokenValidity = { idTokenSeconds: 3600, accessTokenSeconds: 3600, refreshTokenSeconds: 30 * 86_400 };

export type IssueTokensInput = {
  pool: Pick<StoredPool, 'accountId' | 'region' | 'id'>;
  client: { id: string };
  user: TokenUser;
  /** When the user authenticated (auth_time), in seconds: the sign-in's, kept across refreshes. */
  authTimeS: number;
  nowMs: number;
  validity?: Partial<TokenValidity>;
} & (
  /** A sign-in: a new refresh token, whose origin the ID and access tokens share. */
  | { withRefresh: true }
  /** REFRESH_TOKEN_AUTH: no new refresh token; the tokens share the refresh token's origin, so revoking it revokes them. */
  | { withRefresh: false; originJti: string }
);

/** AuthenticationResultType's members, in the model's order. */
export interface AuthenticationResult {
  AccessToken: string;
  ExpiresIn: number;
  TokenType: 'Bearer';
  RefreshToken?: string;
  IdToken: string;
}

export interface TokenServiceDeps {
  store: { pools: Pick<PoolStore, 'findPoolById'>; signingKeys: SigningKeyStore; refreshTokens: RefreshTokenStore };
  /** The server's public URL (--public-url, else where it listens), known once it listens; issuers are `<it>/<poolId>`. */
  publicUrl: () => string;
  /** Makes signing keys (tests give a faster one); RSA 2048 by default. */
  newKey?: () => Promise<NewSigningKey>;
}

/**
 * [OURS] A refresh token is an opaque random string, base64url, about as long as Cognito's
 * (a JWE of about 1,780 characters; storage and header limits see the same size). Only its
 * SHA-256 is stored.
 */
const REFRESH_TOKEN_BYTES = 1_320;

export const refreshTokenHash = (token: string): string => createHash('sha256').update(token).digest('hex');

const refOf = (pool: Pick<StoredPool, 'accountId' | 'id'>): PoolRef => ({ accountId: pool.accountId, poolId: pool.id });

export class TokenService {
  readonly keys: PoolSigningKeys;
  constructor(private readonly d: TokenServiceDeps) {
    this.keys = new PoolSigningKeys(d.store.signingKeys, d.newKey);
  }

  /** `<public URL>/<poolId>` ([OURS]: Cognito's is https://cognito-idp.<region>.amazonaws.com/<poolId>). */
  issuer(poolId: string): string {
    return `${this.issuerPrefix()}${poolId}`;
  }

  private issuerPrefix(): string {
    return `${this.d.publicUrl().replace(/\/+$/, '')}/`;
  }

  /**
   * An ID token, an access token and (withRefresh) a refresh token, stored before it is handed
   * out. Undefined, with nothing stored, when withRefresh and the user is gone: deleted since the
   * caller read it, or deleted and made again (another sub) under the same name.
   */
  async issueTokens(input: IssueTokensInput): Promise<AuthenticationResult | undefined> {
    const v = { ...DEFAULT_VALIDITY, ...input.validity };
    const iatS = Math.floor(input.nowMs / 1000);
    const originJti = input.withRefresh ? randomUUID() : input.originJti;
    const facts: ClaimFacts = {
      issuer: this.issuer(input.pool.id), clientId: input.client.id, user: input.user, originJti, eventId: randomUUID(), authTimeS: input.authTimeS, iatS,
    };
    const signer = await this.keys.signer(refOf(input.pool), input.nowMs);
    const idToken = signRs256(signer.kid, idTokenClaims(facts, randomUUID(), iatS + v.idTokenSeconds), signer.key);
    const accessToken = signRs256(signer.kid, accessTokenClaims(facts, randomUUID(), iatS + v.accessTokenSeconds), signer.key);
    let refreshToken: string | undefined;
    if (input.withRefresh) {
      refreshToken = randomBytes(REFRESH_TOKEN_BYTES).toString('base64url');
      const stored = await this.d.store.refreshTokens.insert({
        tokenHash: refreshTokenHash(refreshToken), originJti, accountId: input.pool.accountId, poolId: input.pool.id, clientId: input.client.id,
        usernameKey: input.user.usernameKey, sub: input.user.sub, authTimeMs: input.authTimeS * 1000, expiresMs: input.nowMs + v.refreshTokenSeconds * 1000,
      });
      if (!stored) return undefined;
    }
    return {
      AccessToken: accessToken, ExpiresIn: v.accessTokenSeconds, TokenType: 'Bearer', ...(refreshToken !== undefined && { RefreshToken: refreshToken }), IdToken: idToken,
    };
  }

  /** The claims of an access token this server issued, in force and not revoked; NotAuthorizedException otherwise (verify.ts). */
  verifyAccessToken(token: string, nowMs: number): Promise<VerifiedAccessToken> {
    return verifyAccessToken(token, nowMs, {
      pools: this.d.store.pools, refreshTokens: this.d.store.refreshTokens, keys: this.keys, issuerPrefix: () => this.issuerPrefix(),
    });
  }

  /** The refresh token's record when it is neither revoked nor expired (REFRESH_TOKEN_AUTH; the caller checks its client). */
  findRefreshToken(token: string, nowMs: number): Promise<RefreshTokenRecord | undefined> {
    return this.d.store.refreshTokens.findLive(refreshTokenHash(token), nowMs);
  }

  /** RevokeToken: the refresh token, and the ID and access tokens of its origin. False when unknown or revoked already. */
  revokeRefreshToken(token: string, nowMs: number): Promise<boolean> {
    return this.d.store.refreshTokens.revoke(refreshTokenHash(token), nowMs);
  }

  /** GlobalSignOut, AdminUserGlobalSignOut: every refresh token of the user, and the tokens of their origins. */
  signOutEverywhere(pool: Pick<StoredPool, 'accountId' | 'id'>, usernameKey: string, nowMs: number): Promise<number> {
    return this.d.store.refreshTokens.revokeUser(refOf(pool), usernameKey, nowMs);
  }

  /** GET /<poolId>/.well-known/jwks.json; undefined for an unknown pool. */
  async jwks(poolId: string, nowMs: number): Promise<{ keys: PublicJwk[] } | undefined> {
    const pool = await this.d.store.pools.findPoolById(poolId);
    return pool && { keys: await this.keys.jwks(refOf(pool), nowMs) };
  }

  /**
   * GET /<poolId>/.well-known/openid-configuration; undefined for an unknown pool. Cognito's
   * document, in its (alphabetical) order, less what only a user pool domain serves: there is no
   * hosted UI here, so no authorization_endpoint, token_endpoint, userinfo_endpoint, nor
   * response_types_supported, scopes_supported and token_endpoint_auth_methods_supported,
   * which describe those endpoints.
   */
  async openIdConfiguration(poolId: string): Promise<Record<string, unknown> | undefined> {
    const pool = await this.d.store.pools.findPoolById(poolId);
    if (!pool) return undefined;
    const issuer = this.issuer(pool.id);
    return {
      id_token_signing_alg_values_supported: ['RS256'],
      issuer,
      jwks_uri: `${issuer}/.well-known/jwks.json`,
      subject_types_supported: ['public'],
    };
  }

  /** Operators' rotation (docs/operations.md): a new key signs from now; the old ones stay published until retired. */
  rotateSigningKey(pool: Pick<StoredPool, 'accountId' | 'id'>, nowMs: number): Promise<SigningKeyInfo> {
    return this.keys.rotate(refOf(pool), nowMs);
  }

  /** Takes a key out of the pool's JWKS: tokens it signed stop verifying. */
  retireSigningKey(pool: Pick<StoredPool, 'accountId' | 'id'>, kid: string, nowMs: number): Promise<boolean> {
    return this.keys.retire(refOf(pool), kid, nowMs);
  }
}
