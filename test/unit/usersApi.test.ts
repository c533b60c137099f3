// The pure parts of the Users API: the ListUsers filter grammar, the password policy with
// Cognito's messages, and the scrypt PHC strings passwords are kept as.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseUserFilter, SEARCHABLE_ATTRIBUTES } from '../../src/domain/userFilter';
import { hashPassword, parseScryptPhc, passwordPolicyViolation, POLICY_REASONS, verifyPassword } from '../../src/domain/passwords';

test('filters: blank is everything; spaces around the operator are optional; escapes', () => {
  assert.equal(parseUserFilter(undefined), undefined);
  assert.equal(parseUserFilter(''), undefined);
  assert.equal(parseUserFilter(' \t '), undefined);
  assert.deepEqual(parseUserFilter('email = "a@b.c"'), { attribute: 'email', op: '=', value: 'a@b.c' });
  assert.deepEqual(parseUserFilter('email="a@b.c"'), { attribute: 'email', op: '=', value: 'a@b.c' });
  assert.deepEqual(parseUserFilter('  given_name ^="Jo"  '), { attribute: 'given_name', op: '^=', value: 'Jo' });
  assert.deepEqual(parseUserFilter('family_name = "Reddy \\"R\\" \\\\ x"'), { attribute: 'family_name', op: '=', value: 'Reddy "R" \\ x' });
  assert.deepEqual(parseUserFilter('name = ""'), { attribute: 'name', op: '=', value: '' });
  assert.deepEqual(parseUserFilter('name = "a = \\"b\\" ^= c"'), { attribute: 'name', op: '=', value: 'a = "b" ^= c' });
  assert.deepEqual(parseUserFilter('cognito:user_status = "CONFIRMED"'), { attribute: 'cognito:user_status', op: '=', value: 'CONFIRMED' });
  for (const a of SEARCHABLE_ATTRIBUTES) assert.equal(parseUserFilter(`${a} ^= "x"`)?.attribute, a);
});

test('filters: what does not parse, and what cannot be searched', () => {
  for (const f of ['email', 'email =', 'email = a', "email = 'a'", 'email == "a"', 'email ^ = "a"', '= "a"', 'email = "a" x',
    'email = "a"b"', 'email = "a\\"', 'email = "a" or name = "b"']) {
    assert.throws(() => parseUserFilter(f), { name: 'InvalidParameterException', message: 'Error while parsing filter.' }, f);
  }
  for (const a of ['custom:tenant', 'address', 'email_verified', 'Email', 'cognito:username']) {
    assert.throws(() => parseUserFilter(`${a} = "x"`), { name: 'InvalidParameterException', message: `Invalid search attribute: ${a}` }, a);
  }
});

test('password policy: the first broken rule, in Cognito\'s order', () => {
  const all = { MinimumLength: 8, RequireUppercase: true, RequireLowercase: true, RequireNumbers: true, RequireSymbols: true };
  assert.equal(passwordPolicyViolation('Aa1!', all), POLICY_REASONS.length);
  assert.equal(passwordPolicyViolation('12341234', all), POLICY_REASONS.lowercase);
  assert.equal(passwordPolicyViolation('abcd1234!', all), POLICY_REASONS.uppercase);
  assert.equal(passwordPolicyViolation('TestTest', all), POLICY_REASONS.numbers);
  assert.equal(passwordPolicyViolation('Test1234', all), POLICY_REASONS.symbols);
  assert.equal(passwordPolicyViolation('Test1234!', all), undefined);
  assert.equal(passwordPolicyViolation('Test1234!', undefined), undefined, 'no policy stored: the Cognito default');
  assert.equal(passwordPolicyViolation('test', undefined), POLICY_REASONS.length);
  assert.equal(passwordPolicyViolation('aaaaaa', { MinimumLength: 6, RequireUppercase: false, RequireLowercase: false, RequireNumbers: false, RequireSymbols: false }), undefined);
  assert.equal(passwordPolicyViolation('😀😀😀😀😀😀', { MinimumLength: 6, RequireUppercase: false, RequireLowercase: false, RequireNumbers: false, RequireSymbols: false }), undefined,
    'length counts characters, not UTF-16 units');
  assert.equal(passwordPolicyViolation('😀😀😀', { MinimumLength: 6, RequireUppercase: false, RequireLowercase: false, RequireNumbers: false, RequireSymbols: false }), POLICY_REASONS.length);
  // Letters are Basic Latin, digits 0-9, symbols the documented set plus the space.
  assert.equal(passwordPolicyViolation('ÄBCDEFG1!', all), POLICY_REASONS.lowercase);
  assert.equal(passwordPolicyViolation('äBCDEFG1!', all), POLICY_REASONS.lowercase);
  assert.equal(passwordPolicyViolation('Äbcdefg1!', all), POLICY_REASONS.uppercase);
  assert.equal(passwordPolicyViolation('Abcdefg١!', all), POLICY_REASONS.numbers, 'an Arabic-Indic digit is not a number');
  for (const s of '^$*.[]{}()?"!@#%&/\\,><\':;|_~`=+- ') assert.equal(passwordPolicyViolation(`Abcdefg1${s}`, all), undefined, JSON.stringify(s));
  for (const s of ['€', '§', '£', '°', 'é', '\t']) assert.equal(passwordPolicyViolation(`Abcdefg1${s}`, all), POLICY_REASONS.symbols, s);
});

test('hashes: $scrypt$ PHC strings with a fresh salt, checked in constant time', async () => {
  const a = await hashPassword('Secret-1');
  const b = await hashPassword('Secret-1');
  assert.match(a, /^\$scrypt\$ln=15,r=8,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
  assert.notEqual(a, b);
  assert.equal(await verifyPassword('Secret-1', a), true);
  assert.equal(await verifyPassword('Secret-2', a), false);
  // Tamper with the first character of the hash: all six of its bits are used (the last
  // character's low bits are padding, so changing it may leave the bytes unchanged).
  const at = a.lastIndexOf('$') + 1;
  assert.equal(await verifyPassword('Secret-1', a.slice(0, at) + (a[at] === 'A' ? 'B' : 'A') + a.slice(at + 1)), false);
  // Not ours, or too costly to check: refused without running scrypt.
  for (const bad of ['', 'Secret-1', '$2b$10$abcdefghijklmnopqrstuu', '$scrypt$ln=15,r=8,p=1$c2FsdHNhbHQ', '$scrypt$ln=30,r=8,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA',
    '$scrypt$ln=15,r=99,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA', '$scrypt$ln=15,r=8,p=1$c2Fs dA$aGFzaA']) {
    assert.equal(parseScryptPhc(bad), undefined, bad);
    assert.equal(await verifyPassword('Secret-1', bad), false, bad);
  }
});
