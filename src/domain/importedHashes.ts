// Checks a password against a hash a user import job brought in (spec section 8): bcrypt,
// argon2id, scrypt and PBKDF2-SHA256 in the forms importedHashForms.ts accepts, the same parser
// the import's CSV rule uses. Every computation runs on libuv's thread pool, never on the event
// loop: @node-rs/bcrypt and @node-rs/argon2 run theirs as N-API async work, crypto.scrypt and
// crypto.pbkdf2 as Node's own. The server runs this only through its PasswordHashing queue
// (hashing.ts, verifyImported), which bounds how many run at once (--hashing-concurrency).
//
// The password is encoded as UTF-8, as every one of these libraries does with text (passlib,
// Django, PHP and bcryptjs alike). bcrypt reads at most 72 bytes of it, as it always has.
import { pbkdf2 as pbkdf2Cb, timingSafeEqual } from 'node:crypto';
import { verify as bcryptVerify } from '@node-rs/bcrypt';
import { verify as argon2Verify } from '@node-rs/argon2';
import { parseImportedHash, type ImportedHash } from './importedHashForms';
import { isWellFormed, scrypt } from './passwords';

/**
 * True when the password matches the imported hash. False when it does not, and for any hash
 * importedHashForms.ts refuses (malformed, or costs past HASH_LIMITS): nothing is computed for
 * those. Rejects only when the computation itself fails (out of memory, say).
 */
export async function verifyImportedHash(password: string, hash: string): Promise<boolean> {
  // A lone surrogate would be encoded as U+FFFD and match a password that holds U+FFFD itself.
  if (!isWellFormed(password)) return false;
  const parsed = parseImportedHash(hash);
  if (!parsed.ok) return false;
  return verifyParsed(password, parsed.hash);
}

function verifyParsed(password: string, h: ImportedHash): Promise<boolean> {
  switch (h.kind) {
    // Both libraries compare in constant time themselves.
    case 'bcrypt': return bcryptVerify(password, h.hash);
    case 'argon2id': return argon2Verify(h.hash, password);
    case 'scrypt': return scrypt(password, h.salt, h.key.length, h.ln, h.r, h.p).then((key) => timingSafeEqual(key, h.key));
    case 'pbkdf2-sha256': return pbkdf2Sha256(password, h.salt, h.iterations, h.key.length).then((key) => timingSafeEqual(key, h.key));
  }
}

function pbkdf2Sha256(password: string, salt: Uint8Array, iterations: number, keylen: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    pbkdf2Cb(password, salt, iterations, keylen, 'sha256', (err, key) => (err ? reject(err) : resolve(key)));
  });
}
