// The signature check's one-shot HMAC (src/auth/hmac.ts) must give Node's createHmac() output for
// every key and message: keys of the SigV4 size and the block edges (the longer ones take Node's
// own path), messages across the 55/56/64-byte padding edges, empty, long and not ASCII.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { hmacSha256Key, sha256Hex } from '../../src/auth/hmac';

const messages = ['', 'a', 'x'.repeat(55), 'x'.repeat(56), 'y'.repeat(64), 'z'.repeat(119), 'AWS4-HMAC-SHA256\n20261126T000000Z\n20261126/us-east-1/cognito-idp/aws4_request\n' + 'f'.repeat(64), 'été 東京 🎉', 'w'.repeat(5000)];

for (const keyLength of [0, 1, 32, 63, 64, 65, 200]) {
  test(`HMAC-SHA256 with a ${keyLength}-byte key equals createHmac()'s for every message`, () => {
    const key = randomBytes(keyLength);
    const hmac = hmacSha256Key(key);
    for (const m of messages) assert.equal(hmac.hex(m), createHmac('sha256', key).update(m).digest('hex'), `message of ${m.length} characters`);
  });
}

test('two keys used in turn do not share state', () => {
  const k1 = randomBytes(32);
  const k2 = randomBytes(32);
  const h1 = hmacSha256Key(k1);
  const h2 = hmacSha256Key(k2);
  for (const m of messages) {
    assert.equal(h1.hex(m), createHmac('sha256', k1).update(m).digest('hex'));
    assert.equal(h2.hex(m), createHmac('sha256', k2).update(m).digest('hex'));
  }
});

test('SHA-256 of strings and bytes equals createHash()\'s', () => {
  for (const m of messages) {
    assert.equal(sha256Hex(m), createHash('sha256').update(m).digest('hex'));
    assert.equal(sha256Hex(Buffer.from(m)), createHash('sha256').update(m).digest('hex'));
  }
});
