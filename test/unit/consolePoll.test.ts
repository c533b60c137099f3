// The console's polling interval from its address's `?poll=` (src/domain/consolePoll.ts,
// docs/console.md "Live"): a number of milliseconds within the bounds, else the default.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CONSOLE_POLL_MAX_MS, CONSOLE_POLL_MIN_MS, CONSOLE_POLL_MS, consolePollMs } from '../../src/domain/consolePoll';

test('?poll=<ms> within the bounds is the interval', () => {
  assert.equal(consolePollMs('?poll=300'), 300);
  assert.equal(consolePollMs(`?poll=${CONSOLE_POLL_MIN_MS}`), CONSOLE_POLL_MIN_MS);
  assert.equal(consolePollMs(`?poll=${CONSOLE_POLL_MAX_MS}`), CONSOLE_POLL_MAX_MS);
  assert.equal(consolePollMs('?lang=en&poll=5000'), 5000);
});

test('no poll, or one that is not a whole number of milliseconds within the bounds: the default', () => {
  for (const search of ['', '?', '?poll', '?poll=', '?poll=abc', '?poll=-300', '?poll=300.5', '?poll=1e3', '?poll= 300',
    `?poll=${CONSOLE_POLL_MIN_MS - 1}`, `?poll=${CONSOLE_POLL_MAX_MS + 1}`, '?poll=0', '?poll=99999999999']) {
    assert.equal(consolePollMs(search), CONSOLE_POLL_MS, search);
  }
});
