// What the sign-in operations need, as narrow services (src/app.ts builds them): app clients as
// sign-in sees them, tokens, SRP, imported password hashes, the outbox. Each is implemented in
// its own module; the operations depend only on these shapes.
import type { TokenService } from '../auth/tokens';
import type { Clock } from '../domain/clock';
import type { PasswordHashing } from '../domain/hashing';
import type { StoredClient } from '../domain/appClient';
import type { StoredUser } from '../domain/user';
import type { StoredPool } from '../domain/userPool';
import type { Outbox } from '../messages/ports';
import type { LockoutPolicy } from '../store/credentialPorts';
import type { Store } from '../store/ports';
import type { HashUpgrades } from './hashUpgrades';

/** An app client as sign-in reads it: the stored client (src/domain/appClient.ts). */
export type SignInClient = StoredClient;

/** The server's side of Cognito's SRP (src/auth/srp.ts), async: its arithmetic runs in the SRP thread (src/signin/srpWorker.ts). */
export interface SrpService {
  makeVerifier(poolId: string, userIdForSrp: string, password: string): Promise<{ salt: string; verifier: string }>;
  start(verifierHex: string): Promise<{ b: string; B: string }>;
  /** A new SECRET_BLOCK (base64): it also names the challenge's state. */
  newSecretBlock(): string;
  check(claim: {
    poolId: string; userIdForSrp: string; saltHex: string; verifierHex: string; bHex: string; BHex: string; AHex: string;
    secretBlock: string; timestamp: string; signature: string;
  }): Promise<boolean>;
}

export interface SignInServices {
  store: Store;
  clock: Clock;
  passwords: PasswordHashing;
  /** Tokens issued, checked, revoked (src/auth/tokens). */
  tokens: TokenService;
  srp: SrpService;
  outbox: Outbox;
  lockout: LockoutPolicy;
  /** Imported hashes replaced by the server's after a sign-in, in the background (src/signin/hashUpgrades.ts). */
  upgrades: HashUpgrades;
  /** A random opaque string (sessions, secret blocks). */
  randomToken(): string;
}

export type SignInUser = { pool: StoredPool; user: StoredUser };
