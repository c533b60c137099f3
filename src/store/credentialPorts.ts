// What sign-in keeps of a user besides the users row (src/store/signInSchema.ts): the SRP salt
// and verifier, the wrong-password lockout, pending codes (ForgotPassword) and challenge
// sessions (Session strings of InitiateAuth/RespondToAuthChallenge). Every backend implements
// CredentialStore and passes test/store/credentials.conformance.test.ts.
import type { StoredUser } from '../domain/user';

/** A user within a pool, as every method here names one. */
export interface UserRef {
  accountId: string;
  poolId: string;
  usernameKey: string;
}

export interface StoredCredentials {
  srpSalt?: string;
  srpVerifier?: string;
  failedAttempts: number;
  lockedUntilMs?: number;
}

/** A new password as the server keeps it: its hash, the user's status, and its SRP verifier. */
export interface PasswordChange {
  passwordHash: string;
  status: StoredUser['status'];
  /** Absent: the verifier is removed (a password the server only has a hash of). */
  srp?: { salt: string; verifier: string };
  nowMs: number;
  /**
   * Save only if the user still has this hash and status (what the caller read before its slow
   * hashing): a change made meanwhile (an administrator's reset) is not undone.
   */
  ifUnchanged?: { passwordHash: string | undefined; status: StoredUser['status'] };
}

/** How wrong passwords lock sign-in (docs/spec.md section 9, "Password attempts exceeded"). */
export interface LockoutPolicy {
  /** Wrong passwords in a row before sign-in locks. */
  maxAttempts: number;
  /** How long a lock lasts. */
  lockMs: number;
}

export interface StoredCode {
  codeHash: string;
  expiresMs: number;
  attempts: number;
}

export interface StoredSession {
  sessionId: string;
  accountId: string;
  poolId: string;
  clientId: string;
  usernameKey: string;
  challenge: string;
  /** The challenge's own state, JSON (the SRP server secret included): never sent to a client. */
  state: string;
  expiresMs: number;
}

export interface CredentialStore {
  findCredentials(user: UserRef): Promise<StoredCredentials | undefined>;
  /**
   * The user's password hash, status and SRP verifier, in one transaction, and the lockout
   * cleared: a verifier never outlives the password it was made from. False when there is no
   * such user (deleted meanwhile), or it changed since (change.ifUnchanged).
   */
  savePassword(user: UserRef, change: PasswordChange): Promise<boolean>;
  /**
   * One more wrong password. Once policy.maxAttempts in a row are reached the user is locked
   * until nowMs + lockMs, and the count starts again. Returns the lock's end when now locked.
   */
  recordFailedSignIn(user: UserRef, nowMs: number, policy: LockoutPolicy): Promise<{ lockedUntilMs?: number }>;
  /** A right password: the count of wrong ones starts again. */
  clearFailedSignIns(user: UserRef): Promise<void>;
  /**
   * Replaces the user's pending code of this purpose (a new one resets the tries); false, and
   * nothing stored, when the user is gone (deleted since it was read: a code left behind would
   * work for a user made again under the name).
   */
  putCode(user: UserRef, purpose: string, code: StoredCode): Promise<boolean>;
  findCode(user: UserRef, purpose: string): Promise<StoredCode | undefined>;
  /**
   * One try of the user's code, counted in the same statement that reads it, so tries sent at
   * once each count: the code (with the tries so far, this one included) while it is unexpired
   * at nowMs and had fewer than maxTries before; undefined otherwise.
   */
  tryCode(user: UserRef, purpose: string, nowMs: number, maxTries: number): Promise<StoredCode | undefined>;
  /** Removes the code if it is still this one: true for the one caller that used it up. */
  consumeCode(user: UserRef, purpose: string, codeHash: string): Promise<boolean>;
  deleteCode(user: UserRef, purpose: string): Promise<void>;
  putSession(session: StoredSession): Promise<void>;
  /**
   * The session, removed as it is read so it answers once; undefined when there is none or it
   * expired before nowMs. Expired sessions found on the way are removed.
   */
  takeSession(sessionId: string, nowMs: number): Promise<StoredSession | undefined>;
  /**
   * The expiry sweep: challenge sessions and one-time codes past their time (not the expiry rows
   * of temporary passwords, which must outlive them to refuse them). Returns how many went.
   */
  removeExpired(nowMs: number, codePurposes: readonly string[]): Promise<number>;
}
