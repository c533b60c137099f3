// decideRowOutcomes (src/domain/rowOutcomes.ts): the one place a batch's rows are decided, from
// what the pool held (spec section 4). Each rule on its own, then the rows of one batch on each other.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { aliasId, decideRowOutcomes, factsNotWritten, factsToRead, NOTHING_HELD, RowDecider, type PoolFacts } from '../../src/domain/rowOutcomes';
import type { AliasKind, UserDraft } from '../../src/domain/user';

function draft(username: string, aliases: [AliasKind, string][] = []): UserDraft {
  return {
    username, usernameKey: username.toLowerCase(), attributes: aliases.map(([k, v]) => [k, v]),
    aliases: aliases.map(([kind, value]) => ({ kind, value })), status: 'RESET_REQUIRED',
  };
}

function held(usernames: string[], aliases: [AliasKind, string][] = []): PoolFacts {
  return { usernames: new Set(usernames), aliases: new Set(aliases.map(([k, v]) => aliasId(k, v))) };
}

test('a pool that holds none of the batch: every distinct row is created', () => {
  assert.deepEqual(decideRowOutcomes([draft('a', [['email', 'a@x']]), draft('b', [['phone_number', '+1']]), draft('c')], NOTHING_HELD),
    ['created', 'created', 'created']);
  assert.deepEqual(decideRowOutcomes([], NOTHING_HELD), []);
});

test('a username the pool holds is exists, by its key', () => {
  assert.deepEqual(decideRowOutcomes([draft('Ana'), draft('bo')], held(['ana'])), ['exists', 'created']);
});

test('an alias another user of the pool holds is aliasTaken, of its kind; the same value of another kind is not', () => {
  assert.deepEqual(decideRowOutcomes([draft('a', [['email', 'v@x']]), draft('b', [['preferred_username', 'v@x']])], held([], [['email', 'v@x']])),
    [{ aliasTaken: 'email' }, 'created']);
});

test('of several aliases held, the first in the draft\'s order is the one named', () => {
  const d = draft('a', [['phone_number', '+1'], ['email', 'e@x'], ['preferred_username', 'p']]);
  assert.deepEqual(decideRowOutcomes([d], held([], [['email', 'e@x'], ['preferred_username', 'p']])), [{ aliasTaken: 'email' }]);
  assert.deepEqual(decideRowOutcomes([d], held([], [['preferred_username', 'p'], ['phone_number', '+1']])), [{ aliasTaken: 'phone_number' }]);
});

test('a username the pool holds wins over an alias it holds: exists', () => {
  assert.deepEqual(decideRowOutcomes([draft('a', [['email', 'e@x']])], held(['a'], [['email', 'e@x']])), ['exists']);
});

test('in one batch: the same username twice, the second exists (whatever its aliases)', () => {
  assert.deepEqual(decideRowOutcomes([draft('a', [['email', '1@x']]), draft('A', [['email', '2@x']]), draft('a', [['email', '1@x']])], NOTHING_HELD),
    ['created', 'exists', 'exists']);
});

test('in one batch: two rows claim one alias value, the second is aliasTaken', () => {
  assert.deepEqual(decideRowOutcomes([draft('a', [['email', 'e@x']]), draft('b', [['email', 'e@x']])], NOTHING_HELD),
    ['created', { aliasTaken: 'email' }]);
});

test('in one batch: a row both exists (earlier row) and claims an earlier row\'s alias is exists', () => {
  assert.deepEqual(decideRowOutcomes([draft('a', [['email', 'e@x']]), draft('a', [['email', 'e@x']])], NOTHING_HELD), ['created', 'exists']);
  // Its username in the pool, its alias taken by an earlier row of the batch: exists too.
  assert.deepEqual(decideRowOutcomes([draft('x', [['email', 'e@x']]), draft('bob', [['email', 'e@x']])], held(['bob'])),
    ['created', 'exists']);
});

test('in one batch: a refused row takes nothing, a later row may have its username or aliases', () => {
  // b is refused for its email; its username and phone number stay free for the rows after it.
  const rows = [draft('a', [['email', 'e@x']]), draft('b', [['email', 'e@x'], ['phone_number', '+1']]), draft('b'), draft('c', [['phone_number', '+1']])];
  assert.deepEqual(decideRowOutcomes(rows, NOTHING_HELD), ['created', { aliasTaken: 'email' }, 'created', 'created']);
  // A row that exists takes nothing either: its new alias is free after it.
  assert.deepEqual(decideRowOutcomes([draft('old', [['email', 'n@x']]), draft('d', [['email', 'n@x']])], held(['old'])), ['exists', 'created']);
});

test('factsToRead: each username key and each alias once, in first-seen order', () => {
  assert.deepEqual(factsToRead([draft('A', [['email', 'e']]), draft('b', [['email', 'e'], ['preferred_username', 'e']]), draft('a')]), {
    usernames: ['a', 'b'], aliases: [{ kind: 'email', value: 'e' }, { kind: 'preferred_username', value: 'e' }],
  });
});

test('factsNotWritten: the usernames and aliases no created row takes, which a store writing the likely decision must look up', () => {
  const rows = [draft('a', [['email', 'e@x']]), draft('a', [['email', 'f@x']]), draft('b', [['email', 'e@x'], ['phone_number', '+1']]), draft('c')];
  const likely = decideRowOutcomes(rows, NOTHING_HELD);
  assert.deepEqual(likely, ['created', 'exists', { aliasTaken: 'email' }, 'created']);
  assert.deepEqual(factsNotWritten(rows, likely), { usernames: ['b'], aliases: [{ kind: 'email', value: 'f@x' }, { kind: 'phone_number', value: '+1' }] });
  assert.deepEqual(factsNotWritten([draft('a', [['email', 'e@x']])], ['created']), { usernames: [], aliases: [] });
});

test('RowDecider names the row that took what a refused row asked for; undefined when the pool held it', () => {
  const decider = new RowDecider<number>(held(['old'], [['email', 'held@x']]));
  assert.equal(decider.decide(draft('a', [['email', 'e@x']]), 2), 'created');
  assert.equal(decider.decide(draft('A'), 3), 'exists');
  assert.equal(decider.holder, 2);
  assert.deepEqual(decider.decide(draft('b', [['email', 'e@x']]), 4), { aliasTaken: 'email' });
  assert.equal(decider.holder, 2);
  assert.equal(decider.decide(draft('old'), 5), 'exists');
  assert.equal(decider.holder, undefined);
  assert.deepEqual(decider.decide(draft('c', [['email', 'held@x']]), 6), { aliasTaken: 'email' });
  assert.equal(decider.holder, undefined);
});
