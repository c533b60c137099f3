// Imported password hashes (spec section 8): the verifier (src/domain/importedHashes.ts) against
// hashes the real libraries wrote, in their own tests and documentation (test/helpers/hashVectors.ts)
// and here (bcryptjs, @node-rs/argon2, and Node's crypto in passlib's and Django's encodings);
// the parser's refusals (src/domain/importedHashForms.ts), pinned at each limit.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { pbkdf2Sync, randomBytes, scryptSync } from 'node:crypto';
import bcryptjs from 'bcryptjs';
import { hash as argon2Hash } from '@node-rs/argon2';
import { verifyImportedHash } from '../../src/domain/importedHashes';
import { HASH_LIMITS, hashAlgorithmOf, parseImportedHash } from '../../src/domain/importedHashForms';
import { ab64, b64, HASH_FORM_CASES, HASH_VECTORS } from '../helpers/hashVectors';

const PASSWORD = 'Corr3ct-Horse-\u00e9t\u00e9!';

describe('known hashes from the libraries\' own tests and documentation', () => {
  for (const v of HASH_VECTORS) {
    test(`${v.algorithm} ${v.hash.slice(0, 28)}... (${v.source})`, async () => {
      assert.equal(hashAlgorithmOf(v.hash), v.algorithm);
      assert.equal(await verifyImportedHash(v.password, v.hash), true, 'the right password');
      const other = v.password === '' ? 'x' : (v.password[0] === 'x' ? 'y' : 'x') + v.password.slice(1);
      assert.equal(await verifyImportedHash(other, v.hash), false, 'another first character');
      // bcrypt reads the first 72 bytes of a password and no more, in every implementation.
      const truncated = v.algorithm === 'BCRYPT' && Buffer.byteLength(v.password) >= 72;
      assert.equal(await verifyImportedHash(`${v.password}!`, v.hash), truncated, 'one more character');
    });
  }
});

describe('hashes made here by each algorithm\'s own library', () => {
  async function check(hash: string, password = PASSWORD): Promise<void> {
    assert.equal(parseImportedHash(hash).ok, true, hash);
    assert.equal(await verifyImportedHash(password, hash), true);
    assert.equal(await verifyImportedHash(`${password}x`, hash), false);
    assert.equal(await verifyImportedHash(password.toUpperCase(), hash), false);
  }

  test('bcryptjs: $2b$, $2a$ (a $2a$ salt), and $2y$ (PHP\'s prefix on the same hash)', async () => {
    const b = bcryptjs.hashSync(PASSWORD, 5);
    assert.match(b, /^\$2b\$05\$/);
    await check(b);
    const a = bcryptjs.hashSync(PASSWORD, bcryptjs.genSaltSync(5).replace('$2b$', '$2a$'));
    assert.match(a, /^\$2a\$05\$/);
    await check(a);
    await check(b.replace('$2b$', '$2y$'));
  });

  test('@node-rs/argon2: argon2id in PHC form, several costs and lengths', async () => {
    await check(await argon2Hash(PASSWORD, { algorithm: 2, memoryCost: 4096, timeCost: 2, parallelism: 2 }));
    await check(await argon2Hash(PASSWORD, { algorithm: 2, memoryCost: 1024, timeCost: 1, outputLen: 16, salt: randomBytes(8) }));
    await check(await argon2Hash(PASSWORD, { algorithm: 2, memoryCost: 1024, timeCost: 3, outputLen: 64, salt: randomBytes(48) }));
  });

  test('Node\'s scrypt in passlib\'s $scrypt$ form (salt and hash in base64 without padding)', async () => {
    for (const [ln, r, p, saltBytes] of [[10, 8, 1, 16], [8, 4, 3, 17], [6, 1, 2, 5]]) {
      const salt = randomBytes(saltBytes);
      const key = scryptSync(PASSWORD, salt, 32, { N: 2 ** ln, r, p });
      await check(`$scrypt$ln=${ln},r=${r},p=${p}$${b64(salt)}$${b64(key)}`);
    }
  });

  test('Node\'s PBKDF2-SHA256 in passlib\'s (ab64, decoded salt) and Django\'s (text salt, padded base64) forms', async () => {
    for (let i = 0; i < 4; i++) {
      const salt = randomBytes(16); // a `.` shows up in ab64 with most salts of 16 bytes
      await check(`$pbkdf2-sha256$1000$${ab64(salt)}$${ab64(pbkdf2Sync(PASSWORD, salt, 1000, 32, 'sha256'))}`);
    }
    for (const salt of ['Qy3bVmsd9Lz1hT4oWj0aKp', 'seasalt', 'a,b/c+d=e']) {
      const key = pbkdf2Sync(PASSWORD, Buffer.from(salt, 'utf8'), 1000, 32, 'sha256').toString('base64');
      await check(`pbkdf2_sha256$1000$${salt}$${key}`);
    }
  });

  test('a password that is not Unicode text (a lone surrogate) never matches, though its UTF-8 form would', async () => {
    const hash = bcryptjs.hashSync('Corr3ct-Horse\ufffd', 4);
    assert.equal(await verifyImportedHash('Corr3ct-Horse\ufffd', hash), true);
    assert.equal(await verifyImportedHash('Corr3ct-Horse\ud800', hash), false);
  });
});

describe('the forms and limits the parser accepts (HASH_LIMITS pinned)', () => {
  test('the limits', () => assert.deepEqual(HASH_LIMITS, {
    bcryptCost: { min: 4, max: 15 }, maxMemoryBytes: 256 * 2 ** 20, maxWorkBytes: 2 ** 30, argon2Lanes: { min: 1, max: 255 },
    pbkdf2Iterations: { min: 1, max: 10_000_000 }, maxSaltBytes: 1024, argon2SaltBytes: { min: 8, max: 48 }, hashBytes: { min: 12, max: 64 },
  }));
  for (const [hash, want] of HASH_FORM_CASES) {
    test(`${want}: ${hash.length > 70 ? `${hash.slice(0, 70)}...` : hash}`, async () => {
      const p = parseImportedHash(hash);
      assert.equal(p.ok ? 'ok' : p.refusal, want);
      // Nothing is computed for a refused hash (some would take minutes or gigabytes): false at once.
      if (want !== 'ok') assert.equal(await verifyImportedHash(PASSWORD, hash), false);
    });
  }
});
