// Password hashes written by the real libraries, with their passwords, each from the library's
// own tests or documentation: they check that the forms importedHashForms.ts accepts are the ones
// these libraries write, and that importedHashes.ts computes what they compute. Used by the
// verifier's tests and by the CSV rule's (every one of them imports).
import type { PasswordHashingAlgorithmType } from '../../src/api/generated/cognitoIdp';

/** passlib's test passwords (passlib/tests/test_handlers.py: UPASS_TABLE, UPASS_WAV). */
export const UPASS_TABLE = 't\u00e1\u0411\u2113\u0259';
export const UPASS_WAV = '\u0399\u03c9\u03b1\u03bd\u03bd\u03b7\u03c2';

export interface HashVector { algorithm: PasswordHashingAlgorithmType; password: string; hash: string; source: string }

const PASSLIB_BCRYPT = 'passlib/tests/test_handlers_bcrypt.py';
const PHC_ARGON2 = 'P-H-C/phc-winner-argon2 src/test.c';
const PASSLIB_SCRYPT = 'passlib/tests/test_handlers_scrypt.py';
const PASSLIB_PBKDF2 = 'passlib/tests/test_handlers_pbkdf2.py';

const v = (algorithm: PasswordHashingAlgorithmType, password: string, hash: string, source: string): HashVector =>
  ({ algorithm, password, hash, source });
const PHP = 'PHP manual, password_verify() example';
const DJANGO_14 = 'passlib/tests/test_handlers_django.py (made by Django 1.4)';

export const HASH_VECTORS: readonly HashVector[] = [
  v('BCRYPT', 'U*U*U*U*', '$2a$05$c92SVSfjeiCD6F2nAD6y0uBpJDjdRkt0EgeC4/31Rf2LUZbDRDE.O', `${PASSLIB_BCRYPT} (from John the Ripper 1.7.9)`),
  v('BCRYPT', '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789chars after 72 are ignored',
    '$2a$05$abcdefghijklmnopqrstuu5s2v8.iXieOjg/.AySBTTZIIVFJeBui', `${PASSLIB_BCRYPT} (from openwall crypt_blowfish 1.2)`),
  v('BCRYPT', UPASS_TABLE, '$2b$05$Z17AXnnlpzddNUvnC6cZNOSwMA/8oNiKnHTHTwLlBijfucQQlHjaG', `${PASSLIB_BCRYPT} ("ensure 2b support")`),
  v('BCRYPT', 'rasmuslerdorf', '$2y$07$BCryptRequires22Chrcte/VlQH0piJtjXl.0t1XkA8pw9dMXTpOq', `${PHP} (PHP 5.5's)`),
  v('BCRYPT', 'rasmuslerdorf', '$2y$12$4Umg0rCJwMswRw/l.SwHvuQV01coP0eWmGzd61QH2RvAOMANUBGC.', `${PHP} (PHP 8)`),
  v('ARGON2ID', 'password', '$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4', PHC_ARGON2),
  v('ARGON2ID', 'password', '$argon2id$v=19$m=256,t=2,p=2$c29tZXNhbHQ$bQk8UB/VmZZF4Oo79iDXuL5/0ttZwg2f/5U52iv1cDc', PHC_ARGON2),
  v('ARGON2ID', 'password', '$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc', PHC_ARGON2),
  v('SCRYPT', '', '$scrypt$ln=4,r=1,p=1$$d9ZXYjhleyA7GcpCwYoEl/FrSETjB0ro39/6P+3iFEI', `${PASSLIB_SCRYPT} (scrypt paper, appendix B; no salt)`),
  v('SCRYPT', 'password', '$scrypt$ln=10,r=8,p=16$TmFDbA$/bq+HJ00cgB4VucZDQHp/nxq18vII3gw53N2Y0s3MWI', `${PASSLIB_SCRYPT} (scrypt paper, appendix B)`),
  v('SCRYPT', 'pleaseletmein', '$scrypt$ln=14,r=8,p=1$U29kaXVtQ2hsb3JpZGU$cCO9yzr9c0hGHAbNgf046/2o+7qQT44+qbVD9lRdofI',
    `${PASSLIB_SCRYPT} (scrypt paper, appendix B)`),
  v('SCRYPT', 'test', '$scrypt$ln=8,r=8,p=1$wlhLyXmP8b53bm1NKYVQqg$mTpvG8lzuuDk+DWz8HZIB6Vum6erDuUm0As5yU+VxWA', PASSLIB_SCRYPT),
  v('SCRYPT', UPASS_TABLE, '$scrypt$ln=7,r=8,p=1$jjGmtDamdA4BQAjBeA9BSA$OiWRHhQtpDx7M/793x6UXK14AD512jg/qNm/hkWZG4M', PASSLIB_SCRYPT),
  v('SCRYPT', 'nacl', '$scrypt$ln=1,r=4,p=2$yhnD+J+Tci4lZCwFgHCuVQ$fAsEWmxSHuC0cHKMwKVFPzrQukgvK09Sj+NueTSxKds', PASSLIB_SCRYPT),
  v('PBKDF2_SHA256', 'password', '$pbkdf2-sha256$1212$4vjV83LKPjQzk31VI4E0Vw$hsYF68OiOUPdDZ1Fg.fJPeq1h/gXXY7acBp9/6c.tmQ', PASSLIB_PBKDF2),
  v('PBKDF2_SHA256', UPASS_WAV, '$pbkdf2-sha256$1212$3SABFJGDtyhrQMVt1uABPw$WyaUoqCLgvz97s523nF4iuOqZNbp5Nt8do/cuaa7AiI', PASSLIB_PBKDF2),
  v('PBKDF2_SHA256', 'l\u00e8tmein', 'pbkdf2_sha256$390000$seasalt$8xBlGd3jVgvJ+92hWPxi5ww0uuAuAnKgC45eudxro7c=',
    'django/django tests/auth_tests/test_hashers.py, test_pbkdf2 (Django 4.1)'),
  v('PBKDF2_SHA256', 'not a password', 'pbkdf2_sha256$10000$kjVJaVz6qsnJ$5yPHw3rwJGECpUf70daLGhOrQ5+AMxIJdz1c3bqK1Rs=', DJANGO_14),
  v('PBKDF2_SHA256', UPASS_TABLE, 'pbkdf2_sha256$10000$bEwAfNrH1TlQ$OgYUblFNUX1B8GfMqaCYUK/iHyO0pa7STTDdaEJBuY0=', DJANGO_14),
];

export const b64 = (b: Buffer): string => b.toString('base64').replace(/=+$/, '');
/** passlib's ab64_encode: base64 with `.` for `+`, no padding (passlib/utils/binary.py). */
export const ab64 = (b: Buffer): string => b64(b).replace(/\+/g, '.');

/** Canonical base64 without padding of n bytes. */
const bytes = (n: number): string => b64(Buffer.alloc(n, 0x5a));
const S16 = bytes(16), K32 = bytes(32);
const BCRYPT_TAIL = 'GhvMmNVjRW29ulnudl.LbuAnUtN/LRfe1JsBm1Xu6LE3059z5Tr8m';
const argon = (params: string, salt = S16, hash = K32): string => `$argon2id$v=19$${params}$${salt}$${hash}`;
const scrypt = (params: string, salt = S16, key = K32): string => `$scrypt$${params}$${salt}$${key}`;
/** 0xfb bytes, so that passlib's ab64 has its `.` where base64 has `+`. */
const passlib = (rounds: string, salt = ab64(Buffer.alloc(16, 0xfb)), key = ab64(Buffer.alloc(32, 0xfb))): string =>
  `$pbkdf2-sha256$${rounds}$${salt}$${key}`;
const django = (iterations: string, salt = 'seasalt', key = Buffer.alloc(32, 1).toString('base64')): string =>
  `pbkdf2_sha256$${iterations}$${salt}$${key}`;

/** [hash, what the parser says]: each limit of HASH_LIMITS on both sides, and the forms the libraries do not write. */
export const HASH_FORM_CASES: readonly [string, 'ok' | 'form' | 'limits'][] = [
  [`$2b$04$${BCRYPT_TAIL}`, 'ok'], [`$2y$15$${BCRYPT_TAIL}`, 'ok'], [`$2a$16$${BCRYPT_TAIL}`, 'limits'],
  [`$2b$03$${BCRYPT_TAIL}`, 'limits'], [`$2b$31$${BCRYPT_TAIL}`, 'limits'], [`$2b$5$${BCRYPT_TAIL}`, 'form'],
  [`$2x$05$${BCRYPT_TAIL}`, 'form'], [`$2$05$${BCRYPT_TAIL}`, 'form'], [`$2b$05$${BCRYPT_TAIL.slice(1)}`, 'form'],
  // Unused bits set (passlib's bcrypt tests, "known_incorrect_padding"): @node-rs/bcrypt never matches these.
  ['$2a$04$oaQbBqq8JnSM1NHRPQGXORY4Vw3bdHKLIXTecPDRAcJ98cz1ilveO', 'form'],
  ['$2a$04$yjDgE74RJkeqC0/1NheSSOrvKeu9IbKDpcQf/Ox3qsrRS/Kw42qIV', 'form'],

  [argon('m=262144,t=4,p=1'), 'ok'], [argon('m=262145,t=1,p=1'), 'limits'], [argon('m=262144,t=5,p=1'), 'limits'],
  [argon('m=65536,t=16,p=4'), 'ok'], [argon('m=65536,t=17,p=4'), 'limits'], [argon('m=8,t=1,p=1'), 'ok'], [argon('m=15,t=1,p=2'), 'limits'],
  [argon('m=2040,t=1,p=255'), 'ok'], [argon('m=4096,t=1,p=256'), 'limits'],
  [argon('m=256,t=2,p=1', bytes(8)), 'ok'], [argon('m=256,t=2,p=1', bytes(7)), 'limits'],
  [argon('m=256,t=2,p=1', bytes(48)), 'ok'], [argon('m=256,t=2,p=1', bytes(49)), 'limits'],
  [argon('m=256,t=2,p=1', S16, bytes(12)), 'ok'], [argon('m=256,t=2,p=1', S16, bytes(11)), 'limits'],
  [argon('m=256,t=2,p=1', S16, bytes(64)), 'ok'], [argon('m=256,t=2,p=1', S16, bytes(65)), 'limits'],
  [argon('m=0,t=2,p=1'), 'form'], [argon('m=0256,t=2,p=1'), 'form'], [argon('t=2,m=256,p=1'), 'form'],
  [argon('m=256,t=2,p=1,keyid=AAAA'), 'form'], [argon('m=256,t=2,p=1', `${S16}==`), 'form'],
  [argon('m=256,t=2,p=1', S16.replace(/.$/, 'B')), 'form'], [argon('m=256,t=2,p=1', '-_-_-_-_-_-_'), 'form'],
  [`$argon2id$v=16$m=256,t=2,p=1$${S16}$${K32}`, 'form'], [`$argon2id$m=256,t=2,p=1$${S16}$${K32}`, 'form'],
  [`$argon2i$v=19$m=256,t=2,p=1$${S16}$${K32}`, 'form'], [`$argon2id$v=19$m=256,t=2,p=1$${S16}`, 'form'],

  [scrypt('ln=18,r=8,p=1'), 'ok'], [scrypt('ln=19,r=8,p=1'), 'limits'], [scrypt('ln=17,r=8,p=8'), 'ok'], [scrypt('ln=17,r=8,p=9'), 'limits'],
  [scrypt('ln=15,r=1,p=1'), 'ok'], [scrypt('ln=16,r=1,p=1'), 'limits'], [scrypt('ln=32,r=8,p=1'), 'limits'],
  [scrypt('ln=4,r=1,p=1', ''), 'ok'], [scrypt('ln=4,r=1,p=1', bytes(1024)), 'ok'], [scrypt('ln=4,r=1,p=1', bytes(1025)), 'limits'],
  [scrypt('ln=4,r=1,p=1', S16, bytes(12)), 'ok'], [scrypt('ln=4,r=1,p=1', S16, bytes(11)), 'limits'],
  [scrypt('ln=4,r=1,p=1', S16, bytes(64)), 'ok'], [scrypt('ln=4,r=1,p=1', S16, bytes(65)), 'limits'],
  [scrypt('ln=010,r=8,p=1'), 'form'], [scrypt('r=8,p=1'), 'form'], [scrypt('ln=10,r=8'), 'form'], [scrypt('ln=10,r=8,p=1', `${S16}==`), 'form'],
  [scrypt('ln=10,r=8,p=1', ab64(Buffer.alloc(16, 0xfb))), 'form'], [scrypt('ln=10,r=8,p=1', S16, ''), 'form'],
  ['$7$C6..../....SodiumChloride$kBGj9fHznVYFQMEn/qDCfrDevf9YDtcDdKvEqHJLV8D', 'form'],

  [passlib('10000000'), 'ok'], [passlib('10000001'), 'limits'], [passlib('1', ''), 'ok'], [passlib('1', ab64(Buffer.alloc(1025))), 'limits'],
  [passlib('1', undefined, ab64(Buffer.alloc(31, 0xfb))), 'limits'], [passlib('1', undefined, ab64(Buffer.alloc(33, 0xfb))), 'limits'],
  [passlib('01212'), 'form'], [passlib(''), 'form'], [passlib('i=1000'), 'form'], [`${passlib('1212')}$`, 'form'],
  [passlib('1212', b64(Buffer.alloc(16, 0xfb))), 'form'], [passlib('1212', `${ab64(Buffer.alloc(16, 0xfb))}==`), 'form'],
  [django('10000000'), 'ok'], [django('10000001'), 'limits'], [django('1', 'a'), 'ok'], [django('1', 'x'.repeat(1025)), 'limits'],
  [django('1', 'seasalt', Buffer.alloc(31).toString('base64')), 'limits'], [django('1', 'seasalt', b64(Buffer.alloc(32, 1))), 'form'],
  [django('0390000'), 'form'], [django('1000', ''), 'form'], [django('1000', 'sea salt'), 'form'], [django('1000', 's\u00e9a'), 'form'],
  ['hunter2hunter2', 'form'], ['', 'form'], [' $2b$05$' + BCRYPT_TAIL, 'form'],
];

