// Storage ports of sign-in's tokens: a pool's signing keys and its refresh tokens (tables in
// signInSchema.ts). Named by intent, as ports.ts; every backend passes test/store's suites.

/** A pool as the sign-in tables key it. */
export interface PoolRef {
  accountId: string;
  poolId: string;
}

/** A public key as a pool's JWKS publishes it: Cognito's members, in Cognito's order. */
export interface PublicJwk {
  alg: 'RS256';
  e: string;
  kid: string;
  kty: 'RSA';
  n: string;
  use: 'sig';
}

/** A key as it is made (src/auth/tokens/signingKeys.ts): RSA 2048, the private half as PKCS#8 PEM. */
export interface NewSigningKey {
  kid: string;
  privateKeyPem: string;
  publicJwk: PublicJwk;
}

/** The key that signs a pool's tokens now. */
export interface SigningKey extends NewSigningKey {
  createdMs: number;
}

/** What is known of any key of a pool without its private half (listings, the JWKS). */
export interface SigningKeyInfo {
  kid: string;
  publicJwk: PublicJwk;
  createdMs: number;
  retiredMs?: number;
}

export interface SigningKeyStore {
  /**
   * The pool's signing key: the newest not retired. A key's createdMs is strictly after every
   * other key's of the pool (addKey), so there is one current key, whatever the clocks did.
   */
  currentKey(pool: PoolRef): Promise<SigningKey | undefined>;
  /**
   * Stores a key that signs from now on; the pool's other keys stay published until retired.
   * Its createdMs is max(nowMs, the newest key's + 1). With ifNone, only when the pool has no key
   * that is not retired, decided under the pool's lock: false when another came first (two
   * servers making the first key at once), and the caller reads the current key again.
   */
  addKey(pool: PoolRef, key: NewSigningKey, nowMs: number, opts?: { ifNone?: boolean }): Promise<boolean>;
  /** The keys not retired, newest first: what the pool's JWKS publishes and tokens verify against. */
  publishedKeys(pool: PoolRef): Promise<SigningKeyInfo[]>;
  /** Every key of the pool, retired ones included, newest first (for operators). */
  listKeys(pool: PoolRef): Promise<SigningKeyInfo[]>;
  /** Takes a key out of the JWKS: tokens it signed no longer verify. False when there is no such key not retired. */
  retireKey(pool: PoolRef, kid: string, nowMs: number): Promise<boolean>;
}

/** A refresh token as stored: never the token itself, its SHA-256 (hex). */
export interface RefreshTokenRecord {
  tokenHash: string;
  /** Shared by the ID and access tokens issued with it and from it. */
  originJti: string;
  accountId: string;
  poolId: string;
  clientId: string;
  usernameKey: string;
  /** The sub of the user it was issued to: a user made again under the same name is another user. */
  sub: string;
  authTimeMs: number;
  expiresMs: number;
  revokedMs?: number;
}

export interface RefreshTokenStore {
  /**
   * Stores the token of a sign-in, only while its user (usernameKey with this sub) exists, decided
   * so that a deletion of the user racing the insert either comes first (nothing is stored) or
   * finds the token and removes it with the user's other rows. False when the user is gone.
   */
  insert(record: RefreshTokenRecord): Promise<boolean>;
  /** The token by its hash, when it is neither revoked nor expired at nowMs. */
  findLive(tokenHash: string, nowMs: number): Promise<RefreshTokenRecord | undefined>;
  /** RevokeToken: the token, and with it the tokens of its origin. False when it was unknown or revoked already. */
  revoke(tokenHash: string, nowMs: number): Promise<boolean>;
  /** GlobalSignOut: every refresh token of the user not revoked yet; how many. */
  revokeUser(pool: PoolRef, usernameKey: string, nowMs: number): Promise<number>;
  /** Every live refresh token a deleted app client issued (and so the tokens of those sign-ins). */
  revokeClient(pool: PoolRef, clientId: string, nowMs: number): Promise<number>;
  /**
   * Whether ID and access tokens of this origin still stand: its refresh token exists and is not
   * revoked. Not whether it expired: an access token may outlive the refresh token it came from.
   */
  isOriginLive(originJti: string): Promise<boolean>;
  /**
   * The expiry sweep: deletes the tokens (revoked or not) that expired before expiredBeforeMs,
   * oldest first, at most `chunk` a statement (the backend's own size when not given), until one
   * deletes fewer. Returns how many went.
   */
  removeExpired(expiredBeforeMs: number, chunk?: number): Promise<number>;
}
