// After an imported user's first password sign-in, the imported hash is replaced by the server's
// own scrypt hash and an SRP verifier (docs/spec.md section 9). That work is done after the
// answer, in the hashing queue's idle lane (src/domain/hashing.ts): a sign-in waits for the check
// of the imported hash only, and when imported users sign in in numbers (the morning after a
// cut-over) their checks are not slowed by rehashes that nobody waits for; the rehashes take the
// capacity the sign-ins leave. Nothing is lost when one is not done (the queue full, the server
// stopping, a crash): the imported hash stays, still checks the password, and the next password
// sign-in schedules the upgrade again. The only thing that waits is USER_SRP_AUTH, which needs
// the verifier (src/signin/srpFlow.ts says so).
import type { StoredUser } from '../domain/user';
import type { StoredPool } from '../domain/userPool';
import type { Logger } from '../logger';
import type { SignInServices } from './services';
import { saveNewPassword } from './password';

type UpgradeServices = Pick<SignInServices, 'store' | 'clock' | 'passwords' | 'srp'>;

export interface HashUpgrades {
  /** Replace this user's hash (read as `user`) with the server's and an SRP verifier, soon. */
  schedule(pool: StoredPool, user: StoredUser, password: string): void;
  /** Upgrades scheduled and not yet saved (or dropped). */
  readonly pending: number;
  /** No new upgrades; those waiting for a slot are dropped, those running finish. */
  close(): Promise<void>;
}

export function hashUpgrades(s: UpgradeServices, log: Logger): HashUpgrades {
  // One upgrade per user at a time: a second sign-in while the first waits adds nothing.
  const scheduled = new Map<string, Promise<void>>();
  let closed = false;

  /** The idle lane's hash; undefined when dropped (too many waiting) or the server is stopping. */
  async function idleHash(password: string): Promise<string | undefined> {
    const passwordHash = await s.passwords.hashWhenIdle(password, () => !closed);
    return closed ? undefined : passwordHash;
  }

  async function upgrade(pool: StoredPool, user: StoredUser, password: string): Promise<void> {
    // Compare-and-set (ifUnchanged): an administrator's change made meanwhile (a reset, a new
    // password) stays. Not saved when dropped: the next sign-in schedules it again.
    await saveNewPassword(s, pool, user, password, user.status, true, idleHash);
  }

  return {
    schedule(pool, user, password) {
      const key = `${pool.accountId}\n${pool.id}\n${user.usernameKey}`;
      if (closed || scheduled.has(key)) return;
      const done = upgrade(pool, user, password)
        .catch((e: Error) => log.error('imported password hash not upgraded', { poolId: pool.id, error: e.message }))
        .finally(() => scheduled.delete(key));
      scheduled.set(key, done);
    },
    get pending() {
      return scheduled.size;
    },
    async close() {
      closed = true;
      await Promise.all(scheduled.values());
    },
  };
}
