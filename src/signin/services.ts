// What the sign-in operations need, as narrow services (src/app.ts builds them): app clients as
// sign-in sees them, tokens, SRP, imported password hashes, the outbox. Each is implemented in
// its own module; the operations depend only on these shapes.
import type { AuthenticationResultType } from '../api/generated/cognitoIdp';
import type { Clock } from '../domain/clock';
import type { PasswordHashing } from '../domain/hashing';
import type { StoredClient } from '../domain/appClient';
import type { StoredUser } from '../domain/user';
import type { StoredPool } from '../domain/userPool';
import type { Outbox } from '../messages/ports';
import type { LockoutPolicy } from '../store/credentialPorts';
import type { Store } from '../store/ports';

/** An app client as sign-in reads it: the stored client (src/domain/appClient.ts). */
export type SignInClient = StoredClient;

/** A signed-in user's access token, verified: whose it is and from which sign-in. */
export interface AccessTokenClaims {
  accountId: string;
  poolId: string;
  clientId: string;
  username: string;
  originJti: string;
}

export interface TokenService {
  /** ID, access and (withRefresh) refresh tokens for a user who just signed in, or refreshed. */
  issue(args: {
    pool: StoredPool; client: SignInClient; user: StoredUser; authTimeMs: number; nowMs: number;
    /** A refresh: the tokens keep the sign-in's origin_jti and no new refresh token is made. */
    refreshOf?: { originJti: string };
  }): Promise<AuthenticationResultType>;
  /** A live refresh token of this client: whose it is. NotAuthorizedException otherwise. */
  useRefreshToken(token: string, client: SignInClient, nowMs: number): Promise<{ usernameKey: string; authTimeMs: number; originJti: string }>;
  /** NotAuthorizedException ("Invalid Access Token", expired, revoked) unless valid now. */
  verifyAccessToken(token: string, nowMs: number): Promise<AccessTokenClaims>;
  /** RevokeToken: the refresh token and the tokens of its sign-in. False when it is not this client's live token. */
  revokeRefreshToken(token: string, client: SignInClient, nowMs: number): Promise<boolean>;
  /** GlobalSignOut: every sign-in of the user. */
  revokeUser(accountId: string, poolId: string, usernameKey: string, nowMs: number): Promise<void>;
}

/** The server's side of Cognito's SRP (src/auth/srp.ts). */
export interface SrpService {
  makeVerifier(poolId: string, userIdForSrp: string, password: string): { salt: string; verifier: string };
  start(verifierHex: string): { b: string; B: string };
  check(claim: {
    poolId: string; userIdForSrp: string; saltHex: string; verifierHex: string; bHex: string; BHex: string; AHex: string;
    secretBlock: string; timestamp: string; signature: string;
  }): boolean;
}

export interface SignInServices {
  store: Store;
  clock: Clock;
  passwords: PasswordHashing;
  tokens: TokenService;
  srp: SrpService;
  outbox: Outbox;
  lockout: LockoutPolicy;
  /** A random opaque string (sessions, secret blocks). */
  randomToken(): string;
}

export type SignInUser = { pool: StoredPool; user: StoredUser };
