// The expiry sweep of refresh tokens on every backend (RefreshTokenStore.removeExpired, through
// the sweeper's removeExpiredSignIns): a token's row outlives the token by
// EXPIRED_REFRESH_TOKEN_KEPT_MS, so the access tokens of its sign-in still stand until they
// expire themselves; past it the row goes, in chunks.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ACCESS_TOKEN_MAX_SECONDS } from '../../src/domain/appClient';
import type { RefreshTokenRecord, Store } from '../../src/store/ports';
import { EXPIRED_REFRESH_TOKEN_KEPT_MS, removeExpiredSignIns } from '../../src/worker/expirySweeper';
import { FakeClock } from '../helpers/server';
import { BACKENDS, type RawSql } from './backends';

const ACCOUNT = '111111111111';
const DAY = 86_400_000;
let seq = 0;

/** A user as the import makes one, and a maker of its refresh tokens. */
async function userWithTokens(store: Store): Promise<(over: Partial<RefreshTokenRecord>) => Promise<RefreshTokenRecord>> {
  const poolId = `us-west-2_sweep${String(++seq).padStart(4, '0')}`;
  const sub = `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`;
  const [outcome] = await store.users.createUsers(ACCOUNT, poolId, [{ username: 'ana', usernameKey: 'ana', attributes: [], aliases: [], status: 'CONFIRMED' }], 1_000, () => sub);
  assert.equal(outcome, 'created');
  return async (over) => {
    const n = ++seq;
    const t: RefreshTokenRecord = { tokenHash: `sweep-hash-${n}`, originJti: `sweep-origin-${n}`, accountId: ACCOUNT, poolId, clientId: 'client-1',
      usernameKey: 'ana', sub, authTimeMs: 1_000, expiresMs: 100 * DAY, ...over };
    assert.equal(await store.refreshTokens.insert(t), true);
    return t;
  };
}

const stored = async (raw: RawSql, tokens: RefreshTokenRecord[]): Promise<string[]> => (await raw(
  `SELECT token_hash FROM refresh_tokens WHERE token_hash IN (${tokens.map(() => '?').join(', ')}) ORDER BY token_hash`,
  tokens.map((t) => t.tokenHash))).map((r) => String(r.token_hash));

for (const backend of BACKENDS) {
  describe(`refresh token sweep: ${backend.name}`, () => {
    let store: Store;
    let raw: RawSql;
    let dispose: () => Promise<void>;
    before(async () => ({ store, raw, dispose } = await backend.open()));
    after(() => dispose());

    test('chunks: more rows than one chunk all go; none expired at or after the cut', async () => {
      const token = await userWithTokens(store);
      const old = [];
      for (let i = 0; i < 10; i++) old.push(await token({ expiresMs: 1_000 + i }));
      const atCut = await token({ expiresMs: 5_000 });
      assert.equal(await store.refreshTokens.removeExpired(5_000, 3), 10, 'four statements: 3, 3, 3, then 1');
      assert.deepEqual(await stored(raw, [...old, atCut]), [atCut.tokenHash]);

      const exact = [];
      for (let i = 0; i < 6; i++) exact.push(await token({ expiresMs: 2_000 + i }));
      assert.equal(await store.refreshTokens.removeExpired(5_000, 3), 6, 'a chunk of 3, another, then one that finds none');
      assert.deepEqual(await stored(raw, exact), []);
      assert.equal(await store.refreshTokens.removeExpired(5_000, 3), 0);
      assert.deepEqual(await stored(raw, [atCut]), [atCut.tokenHash]);
    });

    test('the sweep keeps an expired token within the margin (its access tokens still stand), removes one past it, keeps a live one', async () => {
      assert.ok(EXPIRED_REFRESH_TOKEN_KEPT_MS >= ACCESS_TOKEN_MAX_SECONDS * 1000, 'no shorter than an access token lives');
      const token = await userWithTokens(store);
      const clock = new FakeClock(200 * DAY);
      const now = clock.now();
      const live = await token({ expiresMs: now + DAY });
      const expiredLately = await token({ expiresMs: now - 60_000 });
      const atMargin = await token({ expiresMs: now - EXPIRED_REFRESH_TOKEN_KEPT_MS });
      const pastMargin = await token({ expiresMs: now - EXPIRED_REFRESH_TOKEN_KEPT_MS - 1 });
      const revokedPast = await token({ expiresMs: now - EXPIRED_REFRESH_TOKEN_KEPT_MS - DAY });
      await store.refreshTokens.revoke(revokedPast.tokenHash, 1_000);

      assert.ok(await removeExpiredSignIns(store, clock) >= 2);
      assert.deepEqual(await stored(raw, [live, expiredLately, atMargin, pastMargin, revokedPast]),
        [live, expiredLately, atMargin].map((t) => t.tokenHash).sort());
      for (const t of [expiredLately, atMargin]) {
        assert.equal(await store.refreshTokens.isOriginLive(t.originJti), true, 'an access token may outlive its refresh token by a day');
        assert.equal(await store.refreshTokens.findLive(t.tokenHash, now), undefined, 'but the refresh token itself is refused');
      }
      assert.equal(await store.refreshTokens.isOriginLive(pastMargin.originJti), false);
      assert.deepEqual(await store.refreshTokens.findLive(live.tokenHash, now), live);
      assert.equal(await store.refreshTokens.isOriginLive(live.originJti), true);
    });
  });
}
