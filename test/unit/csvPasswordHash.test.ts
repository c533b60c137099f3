// The cognito:password_hash rule of user import jobs (spec section 8, [OURS]): a row imports with
// its hash exactly when sign-in's verifier can check that hash (src/domain/importedHashForms.ts,
// one parser for both), under the job's PasswordHashingAlgorithm; every other row fails with a
// reason that names the column and the rule, never the value.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { PasswordHashingAlgorithmType } from '../../src/api/generated/cognitoIdp';
import { csvHeader, newPoolSettings, type StoredPool } from '../../src/domain/userPool';
import { checkHeader, checkRow } from '../../src/domain/csvRules';
import { HASH_FORM_CASES, HASH_VECTORS } from '../helpers/hashVectors';

const POOL: StoredPool = {
  accountId: '123456789012', region: 'us-east-1', id: 'us-east-1_abc', name: 'p', createdMs: 0, modifiedMs: 0,
  settings: newPoolSettings({ PoolName: 'p', AutoVerifiedAttributes: ['email'] }),
};
const HEADER = [...csvHeader(POOL), 'cognito:password_hash'];
const BASE: Record<string, string> = {
  'cognito:username': 'jane', 'cognito:mfa_enabled': 'false', email: 'jane@example.com', email_verified: 'true',
};
const ALGORITHMS: PasswordHashingAlgorithmType[] = ['BCRYPT', 'SCRYPT', 'ARGON2ID', 'PBKDF2_SHA256'];

/** The hash column's commas are escaped, as a CSV writer must (PHC strings of SCRYPT and ARGON2ID have commas). */
function lineOf(values: Record<string, string>): string {
  return HEADER.map((c) => (c === 'cognito:password_hash' ? values[c].replace(/,/g, '\\,') : values[c] ?? '')).join(',');
}

function planFor(algorithm: PasswordHashingAlgorithmType) {
  const h = checkHeader(HEADER.join(','), { pool: POOL, passwordHashingAlgorithm: algorithm });
  if (!h.ok) throw new Error(h.message);
  return h.plan;
}

function hashRow(algorithm: PasswordHashingAlgorithmType, hash: string) {
  return checkRow(lineOf({ ...BASE, 'cognito:password_hash': hash }), planFor(algorithm));
}

function reasonOf(algorithm: PasswordHashingAlgorithmType, hash: string): string {
  const r = hashRow(algorithm, hash);
  if (r.ok) assert.fail(`expected a failure, got ${JSON.stringify(r)}`);
  assert.ok(hash === '' || !r.reason.includes(hash), r.reason);
  return r.reason;
}

function assertImported(algorithm: PasswordHashingAlgorithmType, hash: string): void {
  const r = hashRow(algorithm, ` ${hash} `);
  if (!r.ok) assert.fail(`expected a user, got reason: ${r.reason}`);
  assert.deepEqual(r.user, {
    username: 'jane', usernameKey: 'jane', attributes: [['email', 'jane@example.com'], ['email_verified', 'true']],
    aliases: [], status: 'CONFIRMED', passwordHash: hash,
  });
}

const V = 'The cognito:password_hash value';
const FORM: Record<PasswordHashingAlgorithmType, string> = {
  BCRYPT: `${V} is not in a form this server can check for BCRYPT: $2a$, $2b$ or $2y$, a two-digit cost, $, then 53 characters as bcrypt writes them.`,
  SCRYPT: `${V} is not in a form this server can check for SCRYPT: `
    + "passlib's $scrypt$ln=<n>,r=<r>,p=<p>$<salt>$<hash>, salt and hash in base64 without padding.",
  ARGON2ID: `${V} is not in a form this server can check for ARGON2ID: `
    + '$argon2id$v=19$m=<m>,t=<t>,p=<p>$<salt>$<hash>, salt and hash in base64 without padding.',
  PBKDF2_SHA256: `${V} is not in a form this server can check for PBKDF2_SHA256: `
    + "passlib's $pbkdf2-sha256$<iterations>$<salt>$<hash> or Django's pbkdf2_sha256$<iterations>$<salt>$<hash>.",
};
const LIMITS: Record<PasswordHashingAlgorithmType, string> = {
  BCRYPT: `${V} is outside the limits this server accepts for BCRYPT: a cost of 04 to 15.`,
  SCRYPT: `${V} is outside the limits this server accepts for SCRYPT: ln below 16 * r, `
    + '128 * r * 2^ln bytes at most 256 MiB and that times p at most 1 GiB, a salt of at most 1024 bytes, a hash of 12 to 64 bytes.',
  ARGON2ID: `${V} is outside the limits this server accepts for ARGON2ID: p of 1 to 255, m of 8 * p to 262144 KiB (256 MiB), `
    + 'm * t at most 1 GiB, a salt of 8 to 48 bytes, a hash of 12 to 64 bytes.',
  PBKDF2_SHA256: `${V} is outside the limits this server accepts for PBKDF2_SHA256: `
    + 'iterations of 1 to 10000000, a salt of at most 1024 bytes, a 32-byte hash.',
};

describe('cognito:password_hash: the hashes the real libraries write import, under their algorithm only', () => {
  for (const v of HASH_VECTORS) {
    test(`${v.algorithm} ${v.hash.slice(0, 28)}... (${v.source})`, () => {
      assertImported(v.algorithm, v.hash);
      for (const other of ALGORITHMS.filter((a) => a !== v.algorithm)) {
        assert.equal(reasonOf(other, v.hash), `${V} is a hash of ${v.algorithm}, but the job's PasswordHashingAlgorithm is ${other}.`);
      }
    });
  }
  test("passlib's documentation examples, and a bcrypt hash", () => {
    assertImported('SCRYPT', '$scrypt$ln=16,r=8,p=1$aM15713r3Xsvxbi31lqr1Q$nFNh2CVHVjNldFVKDHDlm4CbdRSCdEBsjjJxD+iCs5E');
    assertImported('PBKDF2_SHA256', '$pbkdf2-sha256$29000$N2bMOSeEcE4pRaUUAgBACA$kO8QWqkzX8K7hD.IbHJ3fdMgYWrzdpRUsbHX0sGgGpg');
    assertImported('BCRYPT', '$2b$12$GhvMmNVjRW29ulnudl.LbuAnUtN/LRfe1JsBm1Xu6LE3059z5Tr8m');
  });
});

/** The algorithm a case is meant for: by its prefix, those of no accepted form too. */
function algorithmFor(hash: string): PasswordHashingAlgorithmType {
  const t = hash.trim();
  if (t.startsWith('$scrypt$') || t.startsWith('$7$')) return 'SCRYPT';
  if (t.startsWith('$argon2')) return 'ARGON2ID';
  if (t.includes('pbkdf2')) return 'PBKDF2_SHA256';
  return 'BCRYPT';
}

describe('cognito:password_hash: exactly the forms and limits the verifier accepts', () => {
  for (const [hash, want] of HASH_FORM_CASES) {
    const algorithm = algorithmFor(hash);
    test(`${algorithm} ${want}: ${hash.length > 60 ? `${hash.slice(0, 60)}...` : hash}`, () => {
      if (want === 'ok' || hash.trim() !== hash) assertImported(algorithm, hash.trim()); // the CSV trims values
      else if (hash.trim() === '') assert.match(reasonOf(algorithm, hash), /is empty; a job with a PasswordHashingAlgorithm needs a hash/);
      else assert.equal(reasonOf(algorithm, hash), (want === 'form' ? FORM : LIMITS)[algorithm]);
    });
  }
  test('a hash of no known algorithm: the job algorithm\'s form reason', () => {
    for (const a of ALGORITHMS) assert.equal(reasonOf(a, 'hunter2hunter2'), FORM[a]);
    assert.equal(reasonOf('ARGON2ID', '$argon2i$v=19$m=256,t=2,p=1$c29tZXNhbHQ$iekCn0Y3spW+sCcFanM2xBT63UP2sghkUoHLIUpWRS8'), FORM.ARGON2ID);
  });
  test('a hash whose commas are not escaped: the reason says how to write them', () => {
    const argon = '$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG';
    const raw = `${lineOf({ ...BASE, 'cognito:password_hash': 'x' }).slice(0, -1)}${argon}`;
    const count = (algorithm: PasswordHashingAlgorithmType, line: string) => {
      const r = checkRow(line, planFor(algorithm));
      return r.ok ? '' : r.reason;
    };
    assert.equal(count('ARGON2ID', raw), 'The row has 24 values but the header has 22 columns. '
      + 'Write a comma inside a value as \\, (in cognito:password_hash too: m=65536\\,t=3\\,p=4).');
    assert.equal(count('SCRYPT', raw.replace('$argon2id$', '$scrypt$')),
      'The row has 24 values but the header has 22 columns. Write a comma inside a value as \\, (in cognito:password_hash too: ln=16\\,r=8\\,p=1).');
  });
  test('an empty hash', () => assert.equal(reasonOf('SCRYPT', ''),
    `${V} is empty; a job with a PasswordHashingAlgorithm needs a hash for every user.`));
});
