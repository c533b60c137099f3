// The CSV rules of user import jobs (spec sections 3, 4, 6, 8): header checks, every row rule
// with its exact reason, and the exact UserDraft of good rows. The cognito:password_hash rule's
// cases are in csvPasswordHash.test.ts.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CreateUserPoolRequest, PasswordHashingAlgorithmType } from '../../src/api/generated/cognitoIdp';
import { csvHeader, newPoolSettings, type StoredPool } from '../../src/domain/userPool';
import {
  AUTO_VERIFIED_REASON, BARE_CR_REASON, EMPTY_ROW_REASON, ROW_TOO_LONG_REASON, checkHeader, checkRow, type RowPlan,
} from '../../src/domain/csvRules';
import { splitCells } from '../../src/domain/csvLine';
import { FILE_MESSAGES, HEADER_MESSAGES } from '../../src/domain/csvMessages';
import type { UserDraft } from '../../src/domain/user';

const SMS = { SnsCallerArn: 'arn:aws:iam::123456789012:role/sns' };

function makePool(req: Partial<CreateUserPoolRequest> = {}): StoredPool {
  const settings = newPoolSettings({ PoolName: 'p', AutoVerifiedAttributes: ['email'], ...req });
  return { accountId: '123456789012', region: 'us-east-1', id: 'us-east-1_abc', name: 'p', createdMs: 0, modifiedMs: 0, settings };
}

/** A pool with one custom attribute of each type, to test them all with one header. */
const CUSTOM_POOL = makePool({
  Schema: [
    { Name: 'tier', AttributeDataType: 'String', StringAttributeConstraints: { MinLength: '2', MaxLength: '16' } },
    { Name: 'age', AttributeDataType: 'Number', NumberAttributeConstraints: { MinValue: '0', MaxValue: '150' } },
    { Name: 'score', AttributeDataType: 'Number' },
    { Name: 'vip', AttributeDataType: 'Boolean' },
    { Name: 'since', AttributeDataType: 'DateTime' },
  ],
});
const DEFAULT_POOL = makePool();

const BASE: Record<string, string> = {
  'cognito:username': 'jane', 'cognito:mfa_enabled': 'false', email: 'jane@example.com', email_verified: 'true',
};

function planFor(pool: StoredPool, header: string[] = csvHeader(pool), algorithm?: PasswordHashingAlgorithmType): RowPlan {
  const h = checkHeader(header.join(','), { pool, passwordHashingAlgorithm: algorithm });
  if (!h.ok) throw new Error(h.message);
  assert.equal(h.columns, header.length);
  return h.plan;
}

/** The hash column's commas are escaped, as a CSV writer must (PHC strings of SCRYPT and ARGON2ID have commas). */
function lineOf(values: Record<string, string>, header: string[]): string {
  return header.map((c) => (c === 'cognito:password_hash' ? values[c].replace(/,/g, '\\,') : values[c] ?? '')).join(',');
}

/** Checks BASE with `change` applied, in `pool` (custom-attribute pool by default). */
function row(change: Record<string, string>, pool = CUSTOM_POOL, header = csvHeader(pool), algorithm?: PasswordHashingAlgorithmType) {
  return checkRow(lineOf({ ...BASE, ...change }, header), planFor(pool, header, algorithm));
}

function reasonOf(r: ReturnType<typeof checkRow>): string {
  assert.equal(r.ok, false, `expected a failure, got ${JSON.stringify(r)}`);
  return (r as { reason: string }).reason;
}

function userOf(r: ReturnType<typeof checkRow>): UserDraft {
  if (!r.ok) assert.fail(`expected a user, got reason: ${r.reason}`);
  return r.user;
}

describe('checkHeader', () => {
  const header = csvHeader(DEFAULT_POOL);
  const check = (line: string, pool = DEFAULT_POOL, algorithm?: PasswordHashingAlgorithmType) =>
    checkHeader(line, { pool, passwordHashingAlgorithm: algorithm });
  const message = (h: ReturnType<typeof check>) => (h.ok ? assert.fail('header accepted') : h.message);

  test('accepts the GetCSVHeader columns, in any order, trimmed', () => {
    const h = check(header.join(','));
    assert.equal(h.ok, true);
    assert.equal(h.ok && h.columns, 21);
    assert.equal(check([...header].reverse().join(' , ')).ok, true);
    assert.equal(checkHeader(csvHeader(CUSTOM_POOL).join(','), { pool: CUSTOM_POOL }).ok, true);
  });

  const cases: [string, string, string, PasswordHashingAlgorithmType?, StoredPool?][] = [
    ['a missing column', header.filter((c) => c !== 'cognito:mfa_enabled').join(','),
      'The CSV header is missing the column "cognito:mfa_enabled". Get the header with GetCSVHeader and use it as the first line.'],
    ['an unexpected column', [...header, 'favourite_colour'].join(','),
      'Column 22 of the CSV header is not one of the columns GetCSVHeader returns for this user pool. Remove or rename it.'],
    ['an unexpected column before a missing one', ['custom:nope', ...header.slice(1)].join(','),
      'Column 1 of the CSV header is not one of the columns GetCSVHeader returns for this user pool. Remove or rename it.'],
    ['a data value in an extra column', [...header, 'jane@example.com'].join(','),
      'Column 22 of the CSV header is not one of the columns GetCSVHeader returns for this user pool. Remove or rename it.'],
    ['a duplicate column', [...header, 'email'].join(','),
      'The CSV header has the column "email" more than once (columns 10 and 22). Keep one of them.'],
    ['a column in quotes', header.map((c) => (c === 'email' ? ' "email" ' : c)).join(','),
      'Column 10 of the CSV header is in double quotes. Cognito\'s CSV quotes no column names and no values.'],
    ['every column in quotes (an RFC 4180 writer)', header.map((c) => `"${c}"`).join(','),
      'Column 1 of the CSV header is in double quotes. Cognito\'s CSV quotes no column names and no values.'],
    ['a quoted cell that is no column', [...header, '"Doe'].join(','),
      'Column 22 of the CSV header is not one of the columns GetCSVHeader returns for this user pool. Remove or rename it.'],
    ['CR-only line endings (the whole file is the header line)', `${header.join(',')}\rjane,Jane Q Public\r`,
      "The CSV file's lines end with CR only (classic Mac OS line endings). Save it with LF or CRLF line endings and upload it again."],
    ['NUL characters (UTF-16 read as UTF-8)', header.join(',').replace(/(.)/g, '$1\0'),
      'The CSV header holds NUL characters, as a UTF-16 file does. Save the file as UTF-8 and upload it again.'],
    ['an empty column name', `${header.join(',')},`,
      'The CSV header has an empty column name (column 22). Remove the stray comma.'],
    ['cognito:password_hash without an algorithm', [...header, 'cognito:password_hash'].join(','),
      'The CSV header has the column "cognito:password_hash" but the job has no PasswordHashingAlgorithm. Remove the column.'],
    ['no cognito:password_hash with an algorithm', header.join(','),
      'The CSV header is missing the column "cognito:password_hash", which a job with a PasswordHashingAlgorithm requires.', 'BCRYPT'],
    ['a data line instead of the header', 'jane,Jane,Doe,jane@example.com,true',
      'The first line is not the CSV header: it has none of the columns of GetCSVHeader. Use that header as line 1.'],
    ['a byte-order mark', `\uFEFF${header.join(',')}`,
      'The CSV file starts with a byte-order mark (BOM). Save it as UTF-8 without a BOM and upload it again.'],
    ['case matters in column names', header.map((c) => (c === 'email' ? 'Email' : c)).join(','),
      'Column 10 of the CSV header differs from "email" only in letter case; column names are case-sensitive.'],
    ['case matters in custom column names', csvHeader(CUSTOM_POOL).map((c) => (c === 'custom:tier' ? 'Custom:TIER' : c)).join(','),
      'Column 22 of the CSV header differs from "custom:tier" only in letter case; column names are case-sensitive.', undefined, CUSTOM_POOL],
  ];
  for (const [what, line, expected, algorithm, pool] of cases) {
    test(`refuses ${what}`, () => assert.equal(message(check(line, pool ?? DEFAULT_POOL, algorithm)), expected));
  }

  test('refuses a pool without auto-verified attributes (no row could ever be imported)', () => {
    assert.equal(message(check(header.join(','), makePool({ AutoVerifiedAttributes: [] }))),
      'The user pool has no auto-verified attribute, so no user can be imported. Set AutoVerifiedAttributes first.');
  });

  test('accepts cognito:password_hash with an algorithm', () => {
    const h = check([...header, 'cognito:password_hash'].join(','), DEFAULT_POOL, 'ARGON2ID');
    assert.equal(h.ok && h.columns, 22);
  });

  test('every message fits CompletionMessage (128 characters), with the longest names and column numbers', () => {
    const longest = makePool({ Schema: [{ Name: 'abcdefghijklmnopqrst', AttributeDataType: 'String' }] });
    const full = csvHeader(longest);
    const missing = message(check(full.slice(0, -1).join(','), longest));
    assert.equal(missing, 'The CSV header is missing the column "custom:abcdefghijklmnopqrst". Use GetCSVHeader\'s header as the first line.');
    // A header of up to 64 KB (prescanCsv's bound) has fewer than 100,000 columns: five digits.
    const name = 'custom:abcdefghijklmnopqrst';
    const all = [
      missing, ...Object.values(FILE_MESSAGES).filter((m) => typeof m === 'string'),
      ...Object.values(HEADER_MESSAGES).filter((m) => typeof m === 'string'),
      FILE_MESSAGES.tooLarge(104_857_600), FILE_MESSAGES.tooManyRows(99_999_999, 500_000), FILE_MESSAGES.notUtf8(500_000),
      HEADER_MESSAGES.emptyColumn(99_999), HEADER_MESSAGES.duplicate(name, 99_998, 99_999), HEADER_MESSAGES.unexpected(99_999),
      HEADER_MESSAGES.otherCase(99_999, name), HEADER_MESSAGES.quoted(99_999),
    ];
    for (const [, line, , algorithm, pool] of cases) all.push(message(check(line, pool ?? DEFAULT_POOL, algorithm)));
    for (const m of all) assert.ok(m.length <= 128, `${m.length}: ${m}`);
  });

  test('no message shows a header cell, whatever the cell holds: a column is named by position or by GetCSVHeader', () => {
    const MARK = 'Zq9Marker';
    const lines = [
      [...header, MARK], [`${MARK}@example.com`, ...header], [...header, `"${MARK}"`], [...header, `cognito:username\r${MARK}`],
      [...header.slice(0, 5), `${MARK},`, ...header.slice(5)], [MARK.toUpperCase(), ...header], [`"${MARK}`, ...header],
      [...header, `email ${MARK}`], [...header, `${MARK}\0`], [`\uFEFF${MARK}`, ...header], [MARK, 'x', 'y'],
    ];
    for (const cells of lines) {
      const m = message(check(cells.join(',')));
      assert.ok(!m.toLowerCase().includes(MARK.toLowerCase()), m);
    }
  });
});

describe('splitting a line', () => {
  const cases: [string, string[]][] = [
    ['a,b,c', ['a', 'b', 'c']],
    ['a\\,b,c', ['a,b', 'c']],
    ['\\,,\\,', [',', ',']],
    ['C:\\dir,x\\y', ['C:\\dir', 'x\\y']],
    ['a\\\\,b', ['a\\,b']],
    ['a,', ['a', '']],
    ['', ['']],
  ];
  for (const [line, cells] of cases) test(JSON.stringify(line), () => assert.deepEqual(splitCells(line), cells));
});

describe('checkRow: a good row', () => {
  test('gives the exact draft: trimmed, booleans lower-cased, GetCSVHeader order, no cognito: columns', () => {
    const header = [...csvHeader(CUSTOM_POOL)].reverse(); // the file's order does not matter
    const user = userOf(row({
      'cognito:username': '  Jane.Doe ', 'cognito:mfa_enabled': ' FALSE', email: ' Jane@Example.com ', email_verified: 'True',
      phone_number: '+12345550100', phone_number_verified: 'FALSE', given_name: '\tJane ', birthdate: '02/29/2000',
      updated_at: '1700000000', address: '1 Main St\\, Springfield', 'custom:tier': 'Gold', 'custom:age': '42',
      'custom:vip': 'TRUE', 'custom:since': '2024-05-01T12:30:00Z', 'custom:score': '-12.5',
    }, CUSTOM_POOL, header));
    assert.deepEqual(user, {
      username: 'Jane.Doe',
      usernameKey: 'Jane.Doe',
      attributes: [
        ['given_name', 'Jane'], ['email', 'Jane@Example.com'], ['email_verified', 'true'], ['birthdate', '02/29/2000'],
        ['phone_number', '+12345550100'], ['phone_number_verified', 'false'], ['address', '1 Main St, Springfield'],
        ['updated_at', '1700000000'], ['custom:tier', 'Gold'], ['custom:age', '42'], ['custom:score', '-12.5'],
        ['custom:vip', 'true'], ['custom:since', '2024-05-01T12:30:00Z'],
      ],
      aliases: [],
      status: 'RESET_REQUIRED',
    } satisfies UserDraft);
  });

  test('the minimal row', () => {
    assert.deepEqual(userOf(row({}, DEFAULT_POOL)), {
      username: 'jane', usernameKey: 'jane', attributes: [['email', 'jane@example.com'], ['email_verified', 'true']],
      aliases: [], status: 'RESET_REQUIRED',
    });
  });

  test('a plan serves many rows without carrying anything over', () => {
    const header = csvHeader(DEFAULT_POOL);
    const plan = planFor(DEFAULT_POOL);
    const a = userOf(checkRow(lineOf({ ...BASE, name: 'A' }, header), plan));
    const b = userOf(checkRow(lineOf({ ...BASE, 'cognito:username': 'bob' }, header), plan));
    assert.deepEqual(a.attributes[0], ['name', 'A']);
    assert.deepEqual(b.attributes, [['email', 'jane@example.com'], ['email_verified', 'true']]);
    assert.equal(b.username, 'bob');
  });

  test('a row of exactly 16,000 characters is accepted', () => {
    const header = csvHeader(DEFAULT_POOL);
    const base = lineOf(BASE, header).length;
    const fill = ['name', 'given_name', 'family_name', 'middle_name', 'nickname', 'profile', 'picture', 'website'];
    const values: Record<string, string> = { ...BASE };
    let left = 16_000 - base;
    for (const c of fill) { const n = Math.min(2048, left); values[c] = 'x'.repeat(n); left -= n; }
    const line = lineOf(values, header);
    assert.equal(line.length, 16_000);
    assert.equal(checkRow(line, planFor(DEFAULT_POOL)).ok, true);
    assert.equal(reasonOf(checkRow(`${line}x`, planFor(DEFAULT_POOL))), ROW_TOO_LONG_REASON);
  });
});

// Each case: the change to BASE (in CUSTOM_POOL unless a pool is given) and the exact reason.
type Case = [what: string, change: Record<string, string>, reason: string, pool?: StoredPool];
const V = (col: string) => `The ${col} value`;
const QUOTE_REASON = (col: string) => `${V(col)} starts with a double quote. Cognito's CSV does not quote values: `
  + 'write them as they are, and a comma inside a value as \\,.';
const MFA_ON_POOL = makePool({ MfaConfiguration: 'ON', SmsConfiguration: SMS });
const MFA_OPTIONAL_POOL = makePool({ MfaConfiguration: 'OPTIONAL', SmsConfiguration: SMS });
const PHONE_POOL = makePool({ AutoVerifiedAttributes: ['email', 'phone_number'] });
const REQUIRED_POOL = makePool({ Schema: [{ Name: 'family_name', Required: true }] });

const FAILURES: Case[] = [
  // cognito:username
  ['empty username', { 'cognito:username': '  ' }, `${V('cognito:username')} is empty; every user needs a username.`],
  ['username with a space', { 'cognito:username': 'jane doe' }, `${V('cognito:username')} contains white space; usernames cannot have spaces or tabs.`],
  ['username with a tab', { 'cognito:username': 'jane\tdoe' }, `${V('cognito:username')} contains white space; usernames cannot have spaces or tabs.`],
  ['username with a no-break space', { 'cognito:username': 'jane\u00a0doe' }, `${V('cognito:username')} contains white space; usernames cannot have spaces or tabs.`],
  ...['jane\u0007', 'jane\u0000x', 'jane\u007f', 'jane\u0085', 'jane\u200bdoe', 'jane\u{e000}', 'jane\ud800x'].map((u): Case => [
    `username with U+${u.codePointAt(4)!.toString(16).padStart(4, '0')}`, { 'cognito:username': u },
    `${V('cognito:username')} contains a control, invisible or unassigned character; usernames are letters, marks, symbols, numbers and punctuation.`]),
  ['username of 129 characters', { 'cognito:username': 'u'.repeat(129) }, `${V('cognito:username')} is longer than 128 characters.`],
  ['username of 129 emoji', { 'cognito:username': '😀'.repeat(129) }, `${V('cognito:username')} is longer than 128 characters.`],
  // cognito:mfa_enabled
  ['empty mfa_enabled', { 'cognito:mfa_enabled': '' }, `${V('cognito:mfa_enabled')} is empty; it must be true or false.`],
  ['mfa_enabled not a boolean', { 'cognito:mfa_enabled': 'yes' }, `${V('cognito:mfa_enabled')} must be true or false.`],
  ['mfa_enabled true with MFA OFF', { 'cognito:mfa_enabled': 'TRUE' },
    'The cognito:mfa_enabled value is true, but MFA is OFF in this user pool; it must be false.'],
  ['mfa_enabled false with MFA ON', { 'cognito:mfa_enabled': 'false' },
    'The cognito:mfa_enabled value is false, but MFA is ON (required) in this user pool; it must be true.', MFA_ON_POOL],
  // booleans
  ['email_verified not a boolean', { email_verified: 'yes' }, `${V('email_verified')} must be true or false.`],
  ['phone_number_verified not a boolean', { phone_number_verified: '1' }, `${V('phone_number_verified')} must be true or false.`],
  ['custom Boolean not a boolean', { 'custom:vip': 'Y' }, `${V('custom:vip')} must be true or false.`],
  // auto-verified and the attributes a verified flag needs
  ['email_verified false', { email_verified: 'false' }, AUTO_VERIFIED_REASON],
  ['email_verified empty', { email_verified: '' }, AUTO_VERIFIED_REASON],
  ['neither of two auto-verified attributes true', { email_verified: 'false', phone_number_verified: 'false' }, AUTO_VERIFIED_REASON, PHONE_POOL],
  ['phone verified in a pool that auto-verifies email only', { email_verified: 'false', phone_number: '+12345550100', phone_number_verified: 'true' },
    AUTO_VERIFIED_REASON],
  ['email_verified true without an email', { email: '' },
    'The email value is empty, but email_verified is true; a verified email needs an address.'],
  ['phone_number_verified true without a phone number', { phone_number_verified: 'true' },
    'The phone_number value is empty, but phone_number_verified is true; a verified phone needs a number.'],
  ['an attribute the pool requires', { family_name: '' }, `${V('family_name')} is empty, but the user pool's schema makes family_name required.`, REQUIRED_POOL],
  // formats
  ...['15550100999', '+0123456789', '+123', '+1234567890123456', '+1 234 555 0100', '+1-234-555-0100'].map((p): Case => [
    `phone_number ${p}`, { phone_number: p },
    `${V('phone_number')} is not in E.164 format: a + then 4 to 15 digits, the first not 0 (for example +12345550100).`]),
  ...['02/29/2001', '13/01/2000', '04/31/2000', '00/10/2000', '1/2/2000', '2000-01-01', '01/01/0000', '02-01-2000'].map((b): Case => [
    `birthdate ${b}`, { birthdate: b }, `${V('birthdate')} must be a real date written mm/dd/yyyy.`]),
  ...['-1', '1.5', '2024-01-01', 'now'].map((u): Case => [
    `updated_at ${u}`, { updated_at: u }, `${V('updated_at')} must be a time in epoch seconds (digits only).`]),
  // [AWS model] EmailAddressType: letters, marks, symbols, numbers, punctuation. A control
  // (C0 with tab, DEL, C1), format or unassigned character has its own reason.
  ...['jane\u0000@example.com', 'jane@example.com\u0007x', 'jane\t@example.com', 'ja\nne@example.com', 'jane\u007f@example.com',
    'jane\u0085@example.com', 'jane\u009f@example.com', 'jane\u200b@example.com', 'jane@exam\u00adple.com', 'jane\u200e@example.com',
    'jane@example.com\u2060x', 'jane\u{e000}@example.com', 'jane\u0378@example.com', 'jane\udc00@example.com', 'bad\u0001 x'].map((e): Case => [
    `email with U+${[...e].find((c) => !/[\p{L}\p{M}\p{S}\p{N}\p{P}\p{Z}]/u.test(c))!.codePointAt(0)!.toString(16).padStart(4, '0')}`,
    { email: e },
    `${V('email')} contains a control, invisible or unassigned character; an email address is letters, marks, symbols, numbers and punctuation.`]),
  ...['jane', 'jane@example', 'jane doe@example.com', 'jane\u00a0doe@example.com', 'jane\u2028@example.com', 'jane@@example.com', 'jane@ex..com', '@example.com', 'jane@.com', 'a\\,b@example.com']
    .map((e): Case => [`email ${e}`, { email: e }, `${V('email')} is not a valid email address (name@domain.tld: one @, no spaces or commas).`]),
  // lengths
  // lengths count code points: an emoji is one character, as in the model's length traits
  ['a standard string over 2048', { name: 'n'.repeat(2049) }, `${V('name')} is longer than 2048 characters, the maximum in the user pool's schema.`],
  ['a standard string of 2049 emoji', { name: '😀'.repeat(2049) }, `${V('name')} is longer than 2048 characters, the maximum in the user pool's schema.`],
  ['a custom string over its MaxLength', { 'custom:tier': 't'.repeat(17) }, `${V('custom:tier')} is longer than 16 characters, the maximum in the user pool's schema.`],
  ['a custom string of 17 emoji', { 'custom:tier': '🎉'.repeat(17) }, `${V('custom:tier')} is longer than 16 characters, the maximum in the user pool's schema.`],
  ['a custom string under its MinLength', { 'custom:tier': 't' }, `${V('custom:tier')} is shorter than 2 characters, the minimum in the user pool's schema.`],
  ['one emoji under a MinLength of 2', { 'custom:tier': '🎉' }, `${V('custom:tier')} is shorter than 2 characters, the minimum in the user pool's schema.`],
  // Number
  ...['1e3', '12.', '.5', '+3', 'forty', '0x10'].map((n): Case => [
    `Number ${n}`, { 'custom:age': n }, `${V('custom:age')} must be a number: an integer or a decimal such as -12.5, without exponent.`]),
  ['Number under MinValue', { 'custom:age': '-1' }, `${V('custom:age')} is less than 0, the minimum in the user pool's schema.`],
  ['Number over MaxValue', { 'custom:age': '150.5' }, `${V('custom:age')} is greater than 150, the maximum in the user pool's schema.`],
  ['Number over 2048 characters', { 'custom:score': '1'.repeat(2049) }, `${V('custom:score')} is longer than 2048 characters.`],
  // DateTime [OURS]
  ...['2024-02-30', '2023-11-07T08:15Z', '2023-11-07T24:00:00Z', '2023-11-07 08:15:00Z', '2023-11-07T08:15:00', '2023-11-07T08:15:00+02:60',
    '2023-11-07T08:15:00.1234567890Z', '2023-11-07T08:15:00z', '11/07/2023', '-1', '2023-11-7'].map((d): Case => [
    `DateTime ${d}`, { 'custom:since': d },
    `${V('custom:since')} must be epoch seconds or ISO 8601: 2024-05-01, or 2024-05-01T12:30:00Z with seconds and a time zone.`]),
  // quoting
  ['a quoted value', { given_name: '"Jane"' }, QUOTE_REASON('given_name')],
  ['a quoted value with a comma (splits the row)', { address: '"1 Main St, Springfield"' }, QUOTE_REASON('address')],
  ['a quoted username', { 'cognito:username': ' "jane"' }, QUOTE_REASON('cognito:username')],
];

describe('checkRow: failures, one exact reason each', () => {
  for (const [what, change, reason, pool] of FAILURES) {
    test(what, () => assert.equal(reasonOf(row(change, pool)), reason));
  }

  test('a reason never carries the value', () => {
    for (const [what, change, , pool] of FAILURES) {
      const reason = reasonOf(row(change, pool));
      for (const v of Object.values(change)) {
        if (v.trim().length >= 6) assert.ok(!reason.includes(v.trim()), `${what}: ${reason}`);
      }
    }
  });
});

describe('checkRow: accepted values', () => {
  const OK: [string, Record<string, string>, [string, string] | null, StoredPool?][] = [
    ['a Unicode username', { 'cognito:username': 'Jürgen_名前😀' }, null],
    ['a 128-character username', { 'cognito:username': 'u'.repeat(128) }, null],
    ['a username of 128 emoji', { 'cognito:username': '😀'.repeat(128) }, null],
    ['a name of 1,500 emoji (3,000 UTF-16 units)', { name: '😀'.repeat(1500) }, ['name', '😀'.repeat(1500)]],
    ['a name of 2048 emoji', { name: '😀'.repeat(2048) }, ['name', '😀'.repeat(2048)]],
    ['a custom string of 16 emoji at MaxLength', { 'custom:tier': '🎉'.repeat(16) }, ['custom:tier', '🎉'.repeat(16)]],
    ['a custom string of 2 emoji at MinLength', { 'custom:tier': '🎉🎉' }, ['custom:tier', '🎉🎉']],
    ['control characters in a free-text attribute (AWS: any string)', { name: 'Jane\u0007\u0000\u200b' }, ['name', 'Jane\u0007\u0000\u200b']],
    ['an email with Unicode letters and symbols', { email: 'jürgen+名前@exämple.com' }, ['email', 'jürgen+名前@exämple.com']],
    ['mfa_enabled True with MFA OPTIONAL', { 'cognito:mfa_enabled': 'True' }, null, MFA_OPTIONAL_POOL],
    ['mfa_enabled false with MFA OPTIONAL', { 'cognito:mfa_enabled': 'false' }, null, MFA_OPTIONAL_POOL],
    ['mfa_enabled TRUE with MFA ON', { 'cognito:mfa_enabled': 'TRUE' }, null, MFA_ON_POOL],
    ['phone verified in a pool that auto-verifies email or phone', { email_verified: 'false', phone_number: '+12345550100', phone_number_verified: 'true' },
      ['phone_number_verified', 'true'], PHONE_POOL],
    ['phone_number with 4 digits', { phone_number: '+1234' }, ['phone_number', '+1234']],
    ['phone_number with 15 digits', { phone_number: '+123456789012345' }, ['phone_number', '+123456789012345']],
    ['birthdate 12/31/1999', { birthdate: '12/31/1999' }, ['birthdate', '12/31/1999']],
    ['email with plus and subdomain', { email: 'jane+tag@mail.example.co.uk' }, ['email', 'jane+tag@mail.example.co.uk']],
    ['a custom string at MaxLength', { 'custom:tier': 't'.repeat(16) }, ['custom:tier', 't'.repeat(16)]],
    ['a standard string of 2048', { name: 'n'.repeat(2048) }, ['name', 'n'.repeat(2048)]],
    ['Number at MaxValue', { 'custom:age': '150' }, ['custom:age', '150']],
    ['Number 0 at MinValue, trimmed', { 'custom:age': ' 0 ' }, ['custom:age', '0']],
    ['Number without constraints', { 'custom:score': '-99999999999.125' }, ['custom:score', '-99999999999.125']],
    ['DateTime date', { 'custom:since': '2024-02-29' }, ['custom:since', '2024-02-29']],
    ['DateTime UTC', { 'custom:since': '2024-05-01T23:59:59Z' }, ['custom:since', '2024-05-01T23:59:59Z']],
    ['DateTime offset and fraction', { 'custom:since': '2024-05-01T12:30:00.250+02:00' }, ['custom:since', '2024-05-01T12:30:00.250+02:00']],
    ['DateTime epoch seconds', { 'custom:since': '1714566600' }, ['custom:since', '1714566600']],
    ['custom Boolean stored lower-case', { 'custom:vip': 'FaLsE' }, ['custom:vip', 'false']],
    ['backslashes that escape no comma stay', { address: 'C:\\users\\jane' }, ['address', 'C:\\users\\jane']],
    ['an escaped comma, then trimmed', { address: ' 1 Main St\\, Springfield\\, ' }, ['address', '1 Main St, Springfield,']],
  ];
  for (const [what, change, attribute, pool] of OK) {
    test(what, () => {
      const user = userOf(row(change, pool));
      if (attribute) assert.deepEqual(user.attributes.find(([n]) => n === attribute[0]), attribute);
    });
  }
});

describe('checkRow: row shape', () => {
  const header = csvHeader(DEFAULT_POOL);
  const plan = () => planFor(DEFAULT_POOL);
  const good = lineOf(BASE, header);

  test('too few values', () => assert.equal(reasonOf(checkRow(good.slice(0, good.lastIndexOf(',')), plan())),
    'The row has 20 values but the header has 21 columns. Write a comma inside a value as \\,.'));
  test('too many values', () => assert.equal(reasonOf(checkRow(`${good},x`, plan())),
    'The row has 22 values but the header has 21 columns. Write a comma inside a value as \\,.'));
  test('one value', () => assert.equal(reasonOf(checkRow('jane', plan())),
    'The row has 1 value but the header has 21 columns. Write a comma inside a value as \\,.'));
  test('an empty row', () => {
    assert.equal(reasonOf(checkRow('', plan())), EMPTY_ROW_REASON);
    assert.equal(reasonOf(checkRow('  ', plan())), EMPTY_ROW_REASON);
  });
  test('a row over 16,000 characters', () => assert.equal(reasonOf(checkRow('x'.repeat(16_001), plan())), ROW_TOO_LONG_REASON));
  test('the 16,000 characters are code points: 16,000 with emoji (over 16,000 UTF-16 units) pass, one more fails', () => {
    const fill = ['name', 'given_name', 'family_name', 'middle_name', 'nickname', 'profile', 'picture', 'website'];
    const values: Record<string, string> = { ...BASE };
    let left = 16_000 - lineOf(BASE, header).length;
    for (const c of fill) { const n = Math.min(2048, left); values[c] = '😀'.repeat(n); left -= n; }
    const line = lineOf(values, header);
    assert.equal([...line].length, 16_000);
    assert.ok(line.length > 31_000);
    assert.equal(checkRow(line, plan()).ok, true);
    assert.equal(reasonOf(checkRow(`${line}😀`, plan())), ROW_TOO_LONG_REASON);
    assert.equal(reasonOf(checkRow('😀'.repeat(16_001), plan())), ROW_TOO_LONG_REASON);
  });
  test('a CR left in a row (mixed line endings, or a line break in a value) fails the row, wherever it is', () => {
    const withCr = lineOf({ ...BASE, name: 'Jane' }, header);
    assert.equal(reasonOf(checkRow(`${withCr}\r${withCr}`, plan())), BARE_CR_REASON);
    assert.equal(reasonOf(checkRow(withCr.replace('Jane', 'Jane\r'), plan())), BARE_CR_REASON);
    assert.equal(reasonOf(checkRow(withCr.replace('Jane', 'Ja\rne'), plan())), BARE_CR_REASON);
    assert.equal(reasonOf(checkRow('\r', plan())), BARE_CR_REASON);
    assert.equal(BARE_CR_REASON, 'The row holds a carriage return (CR) that does not end a line: '
      + 'the file mixes line endings, or a value has a line break. End every line with LF or CRLF.');
  });
  test('a row of commas only: the first required column fails', () => assert.equal(reasonOf(checkRow(','.repeat(20), plan())),
    `${V('cognito:mfa_enabled')} is empty; it must be true or false.`));
});

describe('checkRow: which problem is reported', () => {
  const bad = { phone_number: 'x', birthdate: 'y', email_verified: 'false' };
  test('the first in the file\'s column order', () => {
    const header = csvHeader(DEFAULT_POOL);
    assert.equal(reasonOf(row(bad, DEFAULT_POOL, header)), `${V('birthdate')} must be a real date written mm/dd/yyyy.`);
    const phoneFirst = ['phone_number', ...header.filter((c) => c !== 'phone_number')];
    assert.match(reasonOf(row(bad, DEFAULT_POOL, phoneFirst)), /^The phone_number value is not in E\.164/);
  });
  test('single-column rules before the cross-column rules', () => {
    assert.match(reasonOf(row({ email_verified: 'false', 'custom:age': '-1' })), /^The custom:age value is less than 0/);
  });
});

describe('checkRow: aliases and username keys', () => {
  const ALIAS_POOL = makePool({ AliasAttributes: ['email', 'phone_number', 'preferred_username'], UsernameConfiguration: { CaseSensitive: false } });
  const SENSITIVE_ALIAS_POOL = makePool({ AliasAttributes: ['preferred_username', 'email'] });
  const USERNAME_ATTR_POOL = makePool({ UsernameAttributes: ['email'] });
  const values = { 'cognito:username': 'Jane', email: 'Jane@Example.COM', phone_number: '+12345550100', preferred_username: 'JaneD' };

  test('case-insensitive pool: all verified aliases, lower-cased email and preferred_username, lower-cased key', () => {
    const user = userOf(row({ ...values, phone_number_verified: 'TRUE' }, ALIAS_POOL));
    assert.equal(user.username, 'Jane');
    assert.equal(user.usernameKey, 'jane');
    assert.deepEqual(user.aliases, [
      { kind: 'email', value: 'jane@example.com' }, { kind: 'phone_number', value: '+12345550100' }, { kind: 'preferred_username', value: 'janed' },
    ]);
    assert.deepEqual(user.attributes.find(([n]) => n === 'email'), ['email', 'Jane@Example.COM']);
  });
  test('an unverified phone_number is not an alias', () => {
    const user = userOf(row({ ...values, phone_number_verified: 'false' }, ALIAS_POOL));
    assert.deepEqual(user.aliases.map((a) => a.kind), ['email', 'preferred_username']);
  });
  test('an unverified email is not an alias', () => {
    const user = userOf(row({ ...values, email_verified: 'false', phone_number_verified: 'true' },
      makePool({ AutoVerifiedAttributes: ['email', 'phone_number'], AliasAttributes: ['email', 'phone_number'] })));
    assert.deepEqual(user.aliases, [{ kind: 'phone_number', value: '+12345550100' }]);
  });
  test('case-sensitive pool: preferred_username as given, in the pool\'s alias order', () => {
    const user = userOf(row(values, SENSITIVE_ALIAS_POOL));
    assert.equal(user.usernameKey, 'Jane');
    assert.deepEqual(user.aliases, [{ kind: 'preferred_username', value: 'JaneD' }, { kind: 'email', value: 'jane@example.com' }]);
  });
  test('an empty preferred_username is no alias', () => {
    assert.deepEqual(userOf(row({ ...values, preferred_username: '' }, SENSITIVE_ALIAS_POOL)).aliases, [{ kind: 'email', value: 'jane@example.com' }]);
  });
  test('UsernameAttributes count as aliases too', () => {
    assert.deepEqual(userOf(row(values, USERNAME_ATTR_POOL)).aliases, [{ kind: 'email', value: 'jane@example.com' }]);
  });
  test('no alias attributes, no aliases', () => assert.deepEqual(userOf(row(values, DEFAULT_POOL)).aliases, []));
});
