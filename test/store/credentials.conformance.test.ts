// The credential store's conformance suite (src/store/credentialPorts.ts): every backend in
// BACKENDS passes it unchanged. Users are made as the import makes them (createUsers).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Store } from '../../src/store/ports';
import type { UserRef } from '../../src/store/credentialPorts';
import { BACKENDS } from './backends';

const ACCOUNT = '111111111111';
let seq = 0;
const POLICY = { maxAttempts: 3, lockMs: 60_000 };

async function newUser(store: Store, username = 'ana'): Promise<UserRef> {
  const poolId = `us-west-2_cred${String(++seq).padStart(5, '0')}`;
  const [outcome] = await store.users.createUsers(ACCOUNT, poolId, [{
    username, usernameKey: username, attributes: [['email', `${username}@example.com`]], aliases: [], status: 'RESET_REQUIRED',
  }], 1_000, () => `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`);
  assert.equal(outcome, 'created');
  return { accountId: ACCOUNT, poolId, usernameKey: username };
}

for (const backend of BACKENDS) {
  describe(`credential store conformance: ${backend.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    before(async () => ({ store, dispose } = await backend.open()));
    after(() => dispose());

    test('savePassword: hash, status and SRP verifier together; no verifier removes the old one; false for no user', async () => {
      const u = await newUser(store);
      assert.equal(await store.credentials.findCredentials(u), undefined);
      assert.equal(await store.credentials.savePassword(u, { passwordHash: '$scrypt$a', status: 'CONFIRMED', srp: { salt: 'aa', verifier: 'bb' }, nowMs: 2_000 }), true);
      const user = await store.users.findUser(u.accountId, u.poolId, u.usernameKey);
      assert.deepEqual([user?.passwordHash, user?.status, user?.modifiedMs], ['$scrypt$a', 'CONFIRMED', 2_000]);
      assert.deepEqual(await store.credentials.findCredentials(u), { srpSalt: 'aa', srpVerifier: 'bb', failedAttempts: 0 });
      assert.equal(await store.credentials.savePassword(u, { passwordHash: '$2b$x', status: 'FORCE_CHANGE_PASSWORD', nowMs: 3_000 }), true);
      assert.deepEqual(await store.credentials.findCredentials(u), { failedAttempts: 0 });
      assert.equal(await store.credentials.savePassword({ ...u, usernameKey: 'nobody' }, { passwordHash: 'h', status: 'CONFIRMED', nowMs: 1 }), false);
      assert.equal(await store.credentials.findCredentials({ ...u, usernameKey: 'nobody' }), undefined);
    });

    test('savePassword ifUnchanged: saved only while the user has the hash and status read', async () => {
      const u = await newUser(store);
      // An imported user: no hash, RESET_REQUIRED.
      assert.equal(await store.credentials.savePassword(u, { passwordHash: 'h1', status: 'CONFIRMED', nowMs: 1, ifUnchanged: { passwordHash: 'other', status: 'RESET_REQUIRED' } }), false);
      assert.equal(await store.credentials.savePassword(u, { passwordHash: 'h1', status: 'CONFIRMED', nowMs: 1, ifUnchanged: { passwordHash: undefined, status: 'CONFIRMED' } }), false);
      assert.equal(await store.credentials.savePassword(u, { passwordHash: 'h1', status: 'CONFIRMED', srp: { salt: 's', verifier: 'v' }, nowMs: 1,
        ifUnchanged: { passwordHash: undefined, status: 'RESET_REQUIRED' } }), true);
      assert.equal(await store.credentials.savePassword(u, { passwordHash: 'h2', status: 'CONFIRMED', nowMs: 2, ifUnchanged: { passwordHash: undefined, status: 'RESET_REQUIRED' } }), false);
      assert.deepEqual(await store.credentials.findCredentials(u), { srpSalt: 's', srpVerifier: 'v', failedAttempts: 0 }, 'nothing of the refused save');
      assert.equal(await store.credentials.savePassword(u, { passwordHash: 'h2', status: 'CONFIRMED', nowMs: 2, ifUnchanged: { passwordHash: 'h1', status: 'CONFIRMED' } }), true);
      assert.equal((await store.users.findUser(u.accountId, u.poolId, u.usernameKey))?.passwordHash, 'h2');
    });

    test('recordFailedSignIn: locks at maxAttempts in a row, then counts again; a right password clears the count', async () => {
      const u = await newUser(store);
      assert.deepEqual(await store.credentials.recordFailedSignIn(u, 10_000, POLICY), {});
      assert.deepEqual(await store.credentials.recordFailedSignIn(u, 10_001, POLICY), {});
      assert.equal((await store.credentials.findCredentials(u))?.failedAttempts, 2);
      assert.deepEqual(await store.credentials.recordFailedSignIn(u, 10_002, POLICY), { lockedUntilMs: 70_002 });
      assert.deepEqual(await store.credentials.findCredentials(u), { failedAttempts: 0, lockedUntilMs: 70_002 });
      await store.credentials.recordFailedSignIn(u, 80_000, POLICY);
      await store.credentials.clearFailedSignIns(u);
      assert.equal((await store.credentials.findCredentials(u))?.failedAttempts, 0);
      // A password saved clears a lock too.
      await store.credentials.savePassword(u, { passwordHash: 'h', status: 'CONFIRMED', nowMs: 90_000 });
      assert.deepEqual(await store.credentials.findCredentials(u), { failedAttempts: 0 });
      const once = { maxAttempts: 1, lockMs: 5 };
      assert.deepEqual(await store.credentials.recordFailedSignIn(await newUser(store), 100, once), { lockedUntilMs: 105 });
    });

    test('recordFailedSignIn for a user that is not there records nothing', async () => {
      const u = await newUser(store);
      const gone = { ...u, usernameKey: 'deleted-meanwhile' };
      assert.deepEqual(await store.credentials.recordFailedSignIn(gone, 1, { maxAttempts: 1, lockMs: 60_000 }), {});
      assert.equal(await store.credentials.findCredentials(gone), undefined);
    });

    test('wrong passwords sent at once each count', async () => {
      const u = await newUser(store);
      const policy = { maxAttempts: 100, lockMs: 1 };
      await Promise.all(Array.from({ length: 10 }, (_, i) => store.credentials.recordFailedSignIn(u, 1_000 + i, policy)));
      assert.equal((await store.credentials.findCredentials(u))?.failedAttempts, 10);
    });

    test('codes: one per user and purpose, replaced with its tries reset; each try counted until the limit or the expiry; used up once', async () => {
      const u = await newUser(store);
      assert.equal(await store.credentials.findCode(u, 'forgot_password'), undefined);
      assert.equal(await store.credentials.tryCode(u, 'forgot_password', 0, 3), undefined);
      await store.credentials.putCode(u, 'forgot_password', { codeHash: 'h1', expiresMs: 5_000, attempts: 0 });
      assert.deepEqual(await store.credentials.tryCode(u, 'forgot_password', 1_000, 3), { codeHash: 'h1', expiresMs: 5_000, attempts: 1 });
      assert.deepEqual(await store.credentials.tryCode(u, 'forgot_password', 5_000, 3), { codeHash: 'h1', expiresMs: 5_000, attempts: 2 });
      assert.equal(await store.credentials.tryCode(u, 'forgot_password', 5_001, 3), undefined, 'expired');
      assert.deepEqual(await store.credentials.tryCode(u, 'forgot_password', 1_000, 3), { codeHash: 'h1', expiresMs: 5_000, attempts: 3 });
      assert.equal(await store.credentials.tryCode(u, 'forgot_password', 1_000, 3), undefined, 'tried out');
      assert.deepEqual(await store.credentials.findCode(u, 'forgot_password'), { codeHash: 'h1', expiresMs: 5_000, attempts: 3 });
      assert.equal(await store.credentials.findCode(u, 'other'), undefined);
      await store.credentials.putCode(u, 'forgot_password', { codeHash: 'h2', expiresMs: 9_000, attempts: 0 });
      assert.deepEqual(await store.credentials.findCode(u, 'forgot_password'), { codeHash: 'h2', expiresMs: 9_000, attempts: 0 });
      assert.equal(await store.credentials.consumeCode(u, 'forgot_password', 'h1'), false, 'not the code any more');
      assert.equal(await store.credentials.consumeCode(u, 'forgot_password', 'h2'), true);
      assert.equal(await store.credentials.consumeCode(u, 'forgot_password', 'h2'), false, 'used up');
      await store.credentials.putCode(u, 'forgot_password', { codeHash: 'h3', expiresMs: 9_000, attempts: 0 });
      await store.credentials.deleteCode(u, 'forgot_password');
      assert.equal(await store.credentials.findCode(u, 'forgot_password'), undefined);
    });

    test('putCode: false, nothing stored, for a user that is not there (never was, or deleted); racing a deletion, nothing is left', async () => {
      const u = await newUser(store);
      assert.equal(await store.credentials.putCode(u, 'forgot_password', { codeHash: 'h', expiresMs: 5_000, attempts: 0 }), true);
      assert.equal(await store.credentials.putCode(u, 'forgot_password', { codeHash: 'h2', expiresMs: 5_000, attempts: 0 }), true, 'replaced');
      const nobody = { ...u, usernameKey: 'nobody' };
      assert.equal(await store.credentials.putCode(nobody, 'forgot_password', { codeHash: 'h', expiresMs: 5_000, attempts: 0 }), false);
      assert.equal(await store.credentials.findCode(nobody, 'forgot_password'), undefined);
      assert.equal(await store.users.deleteUser(u.accountId, u.poolId, u.usernameKey), true);
      assert.equal(await store.credentials.findCode(u, 'forgot_password'), undefined, 'the deletion takes the code');
      assert.equal(await store.credentials.putCode(u, 'forgot_password', { codeHash: 'late', expiresMs: 5_000, attempts: 0 }), false);
      assert.equal(await store.credentials.findCode(u, 'forgot_password'), undefined);
      for (let round = 0; round < 25; round++) {
        const r = await newUser(store, 'race');
        const [deleted] = await Promise.all([
          store.users.deleteUser(r.accountId, r.poolId, r.usernameKey),
          ...Array.from({ length: 4 }, (_, i) => store.credentials.putCode(r, 'forgot_password', { codeHash: `c${i}`, expiresMs: 5_000, attempts: 0 })),
        ]);
        assert.equal(deleted, true);
        assert.equal(await store.credentials.findCode(r, 'forgot_password'), undefined, `round ${round}: a code outlived its user`);
      }
    });

    test('tries sent at once each count: no more pass than the limit', async () => {
      const u = await newUser(store);
      await store.credentials.putCode(u, 'forgot_password', { codeHash: 'h', expiresMs: 5_000, attempts: 0 });
      const tries = await Promise.all(Array.from({ length: 12 }, () => store.credentials.tryCode(u, 'forgot_password', 1, 5)));
      assert.equal(tries.filter(Boolean).length, 5);
    });

    test('sessions answer once, and not after they expire', async () => {
      const u = await newUser(store);
      const s = { sessionId: `s-${seq}`, ...u, clientId: 'c1', challenge: 'PASSWORD_VERIFIER', state: '{"b":"01"}', expiresMs: 5_000 };
      await store.credentials.putSession(s);
      await store.credentials.putSession({ ...s, sessionId: `old-${seq}`, expiresMs: 4_000 });
      assert.deepEqual(await store.credentials.takeSession(s.sessionId, 5_000), s);
      assert.equal(await store.credentials.takeSession(s.sessionId, 5_000), undefined);
      assert.equal(await store.credentials.takeSession(`old-${seq}`, 4_001), undefined);
      assert.equal(await store.credentials.takeSession('nope', 0), undefined);
    });
    test('removeExpired: sessions and the codes of the purposes named, past their time; not others', async () => {
      const u = await newUser(store);
      await store.credentials.putSession({ sessionId: `sweep-old-${seq}`, ...u, clientId: 'c', challenge: 'X', state: '{}', expiresMs: 100 });
      await store.credentials.putSession({ sessionId: `sweep-new-${seq}`, ...u, clientId: 'c', challenge: 'X', state: '{}', expiresMs: 10_000 });
      await store.credentials.putCode(u, 'forgot_password', { codeHash: 'h', expiresMs: 100, attempts: 0 });
      await store.credentials.putCode(u, 'temporary_password', { codeHash: 't', expiresMs: 100, attempts: 0 });
      assert.ok(await store.credentials.removeExpired(5_000, ['forgot_password']) >= 2);
      assert.equal(await store.credentials.findCode(u, 'forgot_password'), undefined);
      assert.deepEqual(await store.credentials.findCode(u, 'temporary_password'), { codeHash: 't', expiresMs: 100, attempts: 0 });
      assert.equal(await store.credentials.takeSession(`sweep-new-${seq}`, 5_000) !== undefined, true);
    });
  });
}
