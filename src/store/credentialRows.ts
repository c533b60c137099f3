// Rows of the sign-in credential tables as both backends read them (src/store/signInSchema.ts),
// to the shapes of credentialPorts.ts: one mapping, so SQLite and PostgreSQL answer alike.
import type { StoredCredentials, StoredSession } from './credentialPorts';

export interface CredentialRow { srp_salt: string | null; srp_verifier: string | null; failed_attempts: number; locked_until_ms: number | null }

export interface SessionRow {
  session_id: string; account_id: string; pool_id: string; client_id: string; username_key: string;
  challenge: string; state: string; expires_ms: number;
}

export const toCredentials = (r: CredentialRow): StoredCredentials => ({
  ...(r.srp_salt !== null && { srpSalt: r.srp_salt }),
  ...(r.srp_verifier !== null && { srpVerifier: r.srp_verifier }),
  failedAttempts: r.failed_attempts,
  ...(r.locked_until_ms !== null && { lockedUntilMs: r.locked_until_ms }),
});

export const toSession = (r: SessionRow): StoredSession => ({
  sessionId: r.session_id, accountId: r.account_id, poolId: r.pool_id, clientId: r.client_id,
  usernameKey: r.username_key, challenge: r.challenge, state: r.state, expiresMs: r.expires_ms,
});
