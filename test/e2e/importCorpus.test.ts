// The corpus of spec sections 3, 4, 6 and 8: one small hand-written CSV per rule, under
// test/fixtures/corpus/, each imported by a real server into a fresh pool through the AWS SDK v3.
// For every file the table pins the job's final Status, CompletionMessage and counters, the exact
// CloudWatch log lines, and every user the pool holds afterwards as AdminGetUser shows it.
// Around the table, the loop checks what holds for every file: counters add up to the data rows,
// one log event per row, no value of the file in any log line, every sub a fresh UUID.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AdminGetUserCommand, CognitoIdentityProviderClient, CreateUserImportJobCommand, CreateUserPoolCommand,
  DescribeUserImportJobCommand, ListUsersCommand, StartUserImportJobCommand,
  type CreateUserPoolCommandInput, type PasswordHashingAlgorithmType, type UserImportJobType,
} from '@aws-sdk/client-cognito-identity-provider';
import { CloudWatchLogsClient, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { cleanup, KEY_A, REPO, ROLE_ARN, startTestServer, type TestServer } from '../helpers/server';
import { uploadCsv } from '../helpers/upload';
import { STANDARD_HEADER } from '../helpers/csv';
import { verifyPassword } from '../../src/domain/passwords';

const CORPUS = join(REPO, 'test', 'fixtures', 'corpus');
const POOL_NAME = 'corpus';

// ---- the pools a file can need ---------------------------------------------------------------
const SMS = { SnsCallerArn: 'arn:aws:iam::111111111111:role/CognitoSmsRole', ExternalId: 'corpus-external-id' };
const POOLS = {
  /** Email auto-verified, MFA OFF, case-sensitive usernames, no aliases. */
  default: { AutoVerifiedAttributes: ['email'] },
  /** One custom attribute of each type, with constraints. */
  custom: {
    AutoVerifiedAttributes: ['email'],
    Schema: [
      { Name: 'tier', AttributeDataType: 'String', StringAttributeConstraints: { MinLength: '2', MaxLength: '16' } },
      { Name: 'age', AttributeDataType: 'Number', NumberAttributeConstraints: { MinValue: '0', MaxValue: '150' } },
      { Name: 'vip', AttributeDataType: 'Boolean' },
      { Name: 'since', AttributeDataType: 'DateTime' },
    ],
  },
  mfaOn: { MfaConfiguration: 'ON', SmsConfiguration: SMS, AutoVerifiedAttributes: ['email', 'phone_number'] },
  mfaOptional: { MfaConfiguration: 'OPTIONAL', SmsConfiguration: SMS, AutoVerifiedAttributes: ['email', 'phone_number'] },
  /** The one auto-verified attribute is phone_number. */
  phoneOnly: { AutoVerifiedAttributes: ['phone_number'] },
  /** family_name required by the schema. */
  required: { AutoVerifiedAttributes: ['email'], Schema: [{ Name: 'family_name', AttributeDataType: 'String', Required: true, Mutable: true }] },
  caseInsensitive: { AutoVerifiedAttributes: ['email'], UsernameConfiguration: { CaseSensitive: false } },
  emailAlias: { AutoVerifiedAttributes: ['email'], AliasAttributes: ['email'] },
} satisfies Record<string, Omit<CreateUserPoolCommandInput, 'PoolName'>>;

// ---- what the job and its log say, written out in full -------------------------------------------
const SUCCEEDED = 'Import Job Completed Successfully.';
const TOO_MANY = 'Too many users have failed or been skipped during the import.';

const ok = (line: number): string => `[SUCCEEDED] Line Number ${line} - The import succeeded.`;
const skipped = (line: number): string => `[SKIPPED] Line Number ${line} - The user already exists.`;
const failed = (line: number, reason: string): string => `[FAILED] Line Number ${line} - ${reason}`;
/** A job that fails as a whole logs its CompletionMessage once, before any row. */
const jobFailed = (message: string): string => `[FAILED] ${message}`;

const V = (column: string): string => `The ${column} value`;
const R = {
  /** [AWS] the one reason whose wording is known from real logs. */
  autoVerified: 'The User Record does not set any of the auto verified attributes to true. (Example: email_verified to true).',
  usernameEmpty: `${V('cognito:username')} is empty; every user needs a username.`,
  usernameSpace: `${V('cognito:username')} contains white space; usernames cannot have spaces or tabs.`,
  mfaEmpty: `${V('cognito:mfa_enabled')} is empty; it must be true or false.`,
  mfaNotBoolean: `${V('cognito:mfa_enabled')} must be true or false.`,
  mfaTrueWhenOff: 'The cognito:mfa_enabled value is true, but MFA is OFF in this user pool; it must be false.',
  mfaFalseWhenOn: 'The cognito:mfa_enabled value is false, but MFA is ON (required) in this user pool; it must be true.',
  emailNeeded: 'The email value is empty, but email_verified is true; a verified email needs an address.',
  phoneNeeded: 'The phone_number value is empty, but phone_number_verified is true; a verified phone needs a number.',
  familyNameRequired: `${V('family_name')} is empty, but the user pool's schema makes family_name required.`,
  phone: `${V('phone_number')} is not in E.164 format: a + then 4 to 15 digits, the first not 0 (for example +12345550100).`,
  birthdate: `${V('birthdate')} must be a real date written mm/dd/yyyy.`,
  updatedAt: `${V('updated_at')} must be a time in epoch seconds (digits only).`,
  email: `${V('email')} is not a valid email address (name@domain.tld: one @, no spaces or commas).`,
  tierShort: `${V('custom:tier')} is shorter than 2 characters, the minimum in the user pool's schema.`,
  tierLong: `${V('custom:tier')} is longer than 16 characters, the maximum in the user pool's schema.`,
  ageNotNumber: `${V('custom:age')} must be a number: an integer or a decimal such as -12.5, without exponent.`,
  ageLow: `${V('custom:age')} is less than 0, the minimum in the user pool's schema.`,
  ageHigh: `${V('custom:age')} is greater than 150, the maximum in the user pool's schema.`,
  since: `${V('custom:since')} must be epoch seconds or ISO 8601: 2024-05-01, or 2024-05-01T12:30:00Z with seconds and a time zone.`,
  vip: `${V('custom:vip')} must be true or false.`,
  quoted: (column: string): string => `${V(column)} starts with a double quote. Cognito's CSV does not quote values: `
    + 'write them as they are, and a comma inside a value as \\,.',
  rowTooLong: 'The row is longer than 16,000 characters, the most Cognito accepts in one row.',
  bareCr: 'The row holds a carriage return (CR) that does not end a line: the file mixes line endings, or a value has a line break. '
    + 'End every line with LF or CRLF.',
  emailChars: `${V('email')} contains a control, invisible or unassigned character; an email address is letters, marks, symbols, numbers and punctuation.`,
  emptyRow: 'The row is empty.',
  emailAlias: 'The email column holds a value another user of this pool already uses as a sign-in alias; aliases must be unique in a pool.',
  bcrypt: `${V('cognito:password_hash')} is not in a form this server can check for BCRYPT: `
    + '$2a$, $2b$ or $2y$, a two-digit cost, $, then 53 characters as bcrypt writes them.',
  hashEmpty: `${V('cognito:password_hash')} is empty; a job with a PasswordHashingAlgorithm needs a hash for every user.`,
  scryptCommas: 'The row has 24 values but the header has 22 columns. Write a comma inside a value as \\, '
    + '(in cognito:password_hash too: ln=16\\,r=8\\,p=1).',
} as const;

const HEADER = {
  missingMfa: 'The CSV header is missing the column "cognito:mfa_enabled". Get the header with GetCSVHeader and use it as the first line.',
  // A header cell is named by its position, never by its text (it may be user data): the extra column is column 5.
  extra: 'Column 5 of the CSV header is not one of the columns GetCSVHeader returns for this user pool. Remove or rename it.',
  dataInHeader: 'Column 22 of the CSV header is not one of the columns GetCSVHeader returns for this user pool. Remove or rename it.',
  otherCase: 'Column 3 of the CSV header differs from "email" only in letter case; column names are case-sensitive.',
  quoted: 'Column 1 of the CSV header is in double quotes. Cognito\'s CSV quotes no column names and no values.',
  duplicate: 'The CSV header has the column "email" more than once (columns 3 and 5). Keep one of them.',
  crOnly: "The CSV file's lines end with CR only (classic Mac OS line endings). Save it with LF or CRLF line endings and upload it again.",
  utf16: 'The CSV file is UTF-16 (it starts with a UTF-16 byte-order mark). Save it as UTF-8 and upload it again.',
  hashWithoutAlgorithm: 'The CSV header has the column "cognito:password_hash" but the job has no PasswordHashingAlgorithm. Remove the column.',
  hashMissing: 'The CSV header is missing the column "cognito:password_hash", which a job with a PasswordHashingAlgorithm requires.',
  bom: 'The CSV file starts with a byte-order mark (BOM). Save it as UTF-8 without a BOM and upload it again.',
  notUtf8: 'The CSV file is not valid UTF-8 (in data row 2). Save it as UTF-8 and upload it again.',
} as const;

// ---- the users a pool holds afterwards ----------------------------------------------------------
type Attributes = Record<string, string>;
/** What AdminGetUser shows (sub apart): RESET_REQUIRED unless the row had a password hash. */
interface UserView { status?: 'RESET_REQUIRED' | 'CONFIRMED'; attributes: Attributes }

/** The usual user: `<name>@example.com`, verified, plus any other attributes. */
const basic = (name: string, more: Attributes = {}): UserView => ({ attributes: { email: `${name}@example.com`, email_verified: 'true', ...more } });
const withPhone = (name: string, phone: string, verified: string): UserView =>
  basic(name, { phone_number: phone, phone_number_verified: verified });

const BCRYPT_HASH = '$2b$12$GhvMmNVjRW29ulnudl.LbuAnUtN/LRfe1JsBm1Xu6LE3059z5Tr8m';
/** scrypt (N = 2^10, r = 4, p = 2) of the password `Corr3ct-Horse!`, in PHC form. */
const SCRYPT_HASH = '$scrypt$ln=10,r=4,p=2$Ip1ztVhfoCR/1z40uc8haA$9BYLGuTBki5tkPViHx3xU463uvsFXx5nWen4nrdjvvA';

interface Case {
  file: string;
  pool?: keyof typeof POOLS;
  algorithm?: PasswordHashingAlgorithmType;
  /** A file imported into the pool first (by its own job), whose users are there before. */
  before?: string;
  status: 'Succeeded' | 'Failed';
  message: string;
  /** ImportedUsers, SkippedUsers, FailedUsers. */
  counts: [number, number, number];
  /** The log stream's messages, oldest first; null when the job wrote none (GetLogEvents: ResourceNotFoundException). */
  log: string[] | null;
  /** Every user in the pool afterwards, by username (ListUsers must list exactly these). */
  users: Record<string, UserView>;
  /** A ListUsers Filter and the usernames it finds. */
  filter?: [string, string[]];
  /** The stored hash of a CONFIRMED user, and a password it must accept. */
  hash?: { user: string; hash: string; password?: string };
}

const CASES: Case[] = [
  // ---- section 3: the header, and the file as a whole
  {
    file: 'header-order-free.csv', status: 'Succeeded', message: SUCCEEDED, counts: [2, 0, 0], log: [ok(1), ok(2)],
    users: {
      ada: basic('ada', { name: 'Ada Lovelace', given_name: 'Ada', family_name: 'Lovelace' }),
      grace: basic('grace', { name: 'Grace Hopper', given_name: 'Grace', family_name: 'Hopper' }),
    },
    filter: ['email = "grace@example.com"', ['grace']],
  },
  { file: 'header-missing-column.csv', status: 'Failed', message: HEADER.missingMfa, counts: [0, 0, 0], log: [jobFailed(HEADER.missingMfa)], users: {} },
  { file: 'header-extra-column.csv', status: 'Failed', message: HEADER.extra, counts: [0, 0, 0], log: [jobFailed(HEADER.extra)], users: {} },
  { file: 'header-data-in-column.csv', status: 'Failed', message: HEADER.dataInHeader, counts: [0, 0, 0], log: [jobFailed(HEADER.dataInHeader)], users: {} },
  { file: 'header-column-case.csv', status: 'Failed', message: HEADER.otherCase, counts: [0, 0, 0], log: [jobFailed(HEADER.otherCase)], users: {} },
  { file: 'header-quoted-columns.csv', status: 'Failed', message: HEADER.quoted, counts: [0, 0, 0], log: [jobFailed(HEADER.quoted)], users: {} },
  // [OURS] Read by LF, a CR-only file is one header line: it fails with a message of its own, not as an unknown column.
  { file: 'cr-only-line-endings.csv', status: 'Failed', message: HEADER.crOnly, counts: [0, 0, 0], log: [jobFailed(HEADER.crOnly)], users: {} },
  { file: 'utf16.csv', status: 'Failed', message: HEADER.utf16, counts: [0, 0, 0], log: [jobFailed(HEADER.utf16)], users: {} },
  { file: 'header-duplicate-column.csv', status: 'Failed', message: HEADER.duplicate, counts: [0, 0, 0], log: [jobFailed(HEADER.duplicate)], users: {} },
  // Observed: no data rows, so nothing failed or was skipped; the job succeeds and writes no log at all.
  { file: 'header-only.csv', status: 'Succeeded', message: SUCCEEDED, counts: [0, 0, 0], log: null, users: {} },
  { file: 'bom.csv', status: 'Failed', message: HEADER.bom, counts: [0, 0, 0], log: [jobFailed(HEADER.bom)], users: {} },
  { file: 'invalid-utf8.csv', status: 'Failed', message: HEADER.notUtf8, counts: [0, 0, 0], log: [jobFailed(HEADER.notUtf8)], users: {} },
  {
    file: 'password-hash-without-algorithm.csv', status: 'Failed', message: HEADER.hashWithoutAlgorithm, counts: [0, 0, 0],
    log: [jobFailed(HEADER.hashWithoutAlgorithm)], users: {},
  },
  {
    file: 'password-hash-column-missing.csv', algorithm: 'BCRYPT', status: 'Failed', message: HEADER.hashMissing, counts: [0, 0, 0],
    log: [jobFailed(HEADER.hashMissing)], users: {},
  },

  // ---- section 3: values
  {
    file: 'escaped-comma.csv', status: 'Succeeded', message: SUCCEEDED, counts: [2, 0, 0], log: [ok(1), ok(2)],
    users: {
      jane: basic('jane', { address: '1 Main St, Springfield, IL', name: 'Doe, Jane' }),
      // A backslash before anything but a comma stays.
      'smith,john': basic('john.smith', { address: 'C:\\Users\\john' }),
    },
  },
  {
    file: 'trimming.csv', status: 'Succeeded', message: SUCCEEDED, counts: [1, 0, 0], log: [ok(1)],
    users: { jane: basic('jane', { name: 'Jane Doe', locale: 'en-GB' }) },
    filter: ['email = "jane@example.com"', ['jane']],
  },
  // Empty and blank cells: the attribute is not set at all.
  { file: 'empty-cells.csv', status: 'Succeeded', message: SUCCEEDED, counts: [1, 0, 0], log: [ok(1)], users: { jane: basic('jane') } },

  // ---- section 3: cognito:username and cognito:mfa_enabled
  {
    file: 'username-required.csv', status: 'Failed', message: TOO_MANY, counts: [1, 0, 2],
    log: [ok(1), failed(2, R.usernameEmpty), failed(3, R.usernameEmpty)], users: { jane: basic('jane') },
  },
  {
    file: 'username-with-spaces.csv', status: 'Failed', message: TOO_MANY, counts: [1, 0, 2],
    log: [ok(1), failed(2, R.usernameSpace), failed(3, R.usernameSpace)], users: { 'jane.doe': basic('jane.doe') },
  },
  {
    file: 'mfa-enabled-required.csv', status: 'Failed', message: TOO_MANY, counts: [1, 0, 3],
    log: [ok(1), failed(2, R.mfaEmpty), failed(3, R.mfaNotBoolean), failed(4, R.mfaNotBoolean)], users: { jane: basic('jane') },
  },
  {
    file: 'mfa-enabled-any-case.csv', status: 'Succeeded', message: SUCCEEDED, counts: [3, 0, 0], log: [ok(1), ok(2), ok(3)],
    users: { ann: basic('ann'), ben: basic('ben'), cat: basic('cat') },
  },
  {
    file: 'mfa-enabled-true-pool-off.csv', status: 'Failed', message: TOO_MANY, counts: [0, 0, 2],
    log: [failed(1, R.mfaTrueWhenOff), failed(2, R.mfaTrueWhenOff)], users: {},
  },
  {
    file: 'mfa-enabled-pool-on.csv', pool: 'mfaOn', status: 'Succeeded', message: SUCCEEDED, counts: [1, 0, 1],
    log: [ok(1), failed(2, R.mfaFalseWhenOn)], users: { ann: withPhone('ann', '+14155550101', 'true') },
  },
  {
    file: 'mfa-enabled-pool-optional.csv', pool: 'mfaOptional', status: 'Succeeded', message: SUCCEEDED, counts: [2, 0, 0],
    log: [ok(1), ok(2)], users: { ann: withPhone('ann', '+14155550101', 'true'), bob: withPhone('bob', '+14155550102', 'false') },
  },

  // ---- section 3: the auto-verified rule, and the attributes a verified flag needs
  {
    // email_verified false, empty, and a verified phone in a pool that auto-verifies email only.
    file: 'auto-verified-missing.csv', status: 'Failed', message: TOO_MANY, counts: [0, 0, 3],
    log: [failed(1, R.autoVerified), failed(2, R.autoVerified), failed(3, R.autoVerified)], users: {},
  },
  {
    // The pool's one auto-verified attribute is phone_number: a verified email is not enough.
    file: 'auto-verified-pool-attribute.csv', pool: 'phoneOnly', status: 'Succeeded', message: SUCCEEDED, counts: [1, 0, 1],
    log: [failed(1, R.autoVerified), ok(2)],
    users: { john: { attributes: { email: 'john@example.com', email_verified: 'false', phone_number: '+14155550102', phone_number_verified: 'true' } } },
  },
  {
    file: 'email-required-when-verified.csv', status: 'Succeeded', message: SUCCEEDED, counts: [1, 0, 1],
    log: [ok(1), failed(2, R.emailNeeded)], users: { jane: basic('jane') },
  },
  {
    file: 'phone-required-when-verified.csv', status: 'Succeeded', message: SUCCEEDED, counts: [1, 0, 1],
    log: [ok(1), failed(2, R.phoneNeeded)], users: { jane: withPhone('jane', '+14155550101', 'true') },
  },
  {
    file: 'pool-required-attribute.csv', pool: 'required', status: 'Failed', message: TOO_MANY, counts: [1, 0, 2],
    log: [ok(1), failed(2, R.familyNameRequired), failed(3, R.familyNameRequired)], users: { jane: basic('jane', { family_name: 'Doe' }) },
  },

  // ---- section 3: formats
  {
    file: 'booleans-any-case.csv', pool: 'custom', status: 'Succeeded', message: SUCCEEDED, counts: [1, 0, 0], log: [ok(1)],
    // email_verified TRUE, phone_number_verified False, custom:vip tRuE in the file.
    users: { jane: { attributes: { ...withPhone('jane', '+14155550101', 'false').attributes, 'custom:vip': 'true' } } },
  },
  {
    file: 'phone-not-e164.csv', status: 'Failed', message: TOO_MANY, counts: [1, 0, 5],
    log: [ok(1), failed(2, R.phone), failed(3, R.phone), failed(4, R.phone), failed(5, R.phone), failed(6, R.phone)],
    users: { jane: basic('jane', { phone_number: '+14155550123' }) },
  },
  {
    file: 'birthdate-bad.csv', status: 'Failed', message: TOO_MANY, counts: [1, 0, 4],
    log: [ok(1), failed(2, R.birthdate), failed(3, R.birthdate), failed(4, R.birthdate), failed(5, R.birthdate)],
    users: { jane: basic('jane', { birthdate: '05/17/1990' }) },
  },
  {
    file: 'updated-at-bad.csv', status: 'Failed', message: TOO_MANY, counts: [1, 0, 3],
    log: [ok(1), failed(2, R.updatedAt), failed(3, R.updatedAt), failed(4, R.updatedAt)],
    users: { jane: basic('jane', { updated_at: '1700000000' }) },
  },
  {
    file: 'email-bad.csv', status: 'Failed', message: TOO_MANY, counts: [1, 0, 4],
    log: [ok(1), failed(2, R.email), failed(3, R.email), failed(4, R.email), failed(5, R.email)], users: { jane: basic('jane') },
  },
  {
    // NUL, BEL, tab, DEL, NEL (C1), zero-width space, soft hyphen, left-to-right mark: each fails its row.
    file: 'email-control-characters.csv', status: 'Failed', message: TOO_MANY, counts: [2, 0, 8],
    log: [ok(1), ...[2, 3, 4, 5, 6, 7, 8, 9].map((n) => failed(n, R.emailChars)), ok(10)], users: { ann: basic('ann'), zed: basic('zed') },
  },
  {
    file: 'custom-string-length.csv', pool: 'custom', status: 'Failed', message: TOO_MANY, counts: [1, 0, 2],
    log: [ok(1), failed(2, R.tierShort), failed(3, R.tierLong)], users: { jane: basic('jane', { 'custom:tier': 'Gold' }) },
  },
  {
    file: 'custom-number-range.csv', pool: 'custom', status: 'Failed', message: TOO_MANY, counts: [2, 0, 4],
    log: [ok(1), ok(2), failed(3, R.ageNotNumber), failed(4, R.ageLow), failed(5, R.ageHigh), failed(6, R.ageNotNumber)],
    users: { jane: basic('jane', { 'custom:age': '42' }), joe: basic('joe', { 'custom:age': '0' }) },
  },
  {
    file: 'custom-datetime.csv', pool: 'custom', status: 'Failed', message: TOO_MANY, counts: [2, 0, 4],
    log: [ok(1), ok(2), failed(3, R.since), failed(4, R.since), failed(5, R.since), failed(6, R.since)],
    users: { jane: basic('jane', { 'custom:since': '2023-11-07T08:15:00Z' }), joe: basic('joe', { 'custom:since': '1699344900' }) },
  },
  {
    file: 'custom-boolean.csv', pool: 'custom', status: 'Failed', message: TOO_MANY, counts: [1, 0, 2],
    log: [ok(1), failed(2, R.vip), failed(3, R.vip)], users: { jane: basic('jane', { 'custom:vip': 'false' }) },
  },
  {
    // An RFC 4180 quoted value fails its row, with or without a comma in it, and says how to write a comma.
    file: 'quoted-value.csv', status: 'Failed', message: TOO_MANY, counts: [1, 0, 2],
    log: [ok(1), failed(2, R.quoted('given_name')), failed(3, R.quoted('address'))],
    users: { jane: basic('jane', { given_name: 'Jane', address: '1 Main St, Springfield' }) },
  },

  // ---- section 3: rows and lines
  {
    // Row 1 is exactly 16,000 characters, row 2 one more (eight values of up to 2,048 characters each).
    file: 'row-too-long.csv', status: 'Succeeded', message: SUCCEEDED, counts: [1, 0, 1], log: [ok(1), failed(2, R.rowTooLong)],
    users: {
      max: basic('max', {
        name: 'a'.repeat(2048), given_name: 'b'.repeat(2048), family_name: 'c'.repeat(2048), middle_name: 'd'.repeat(2048),
        nickname: 'e'.repeat(2048), profile: 'f'.repeat(2048), picture: 'g'.repeat(2048), website: 'h'.repeat(1617),
      }),
    },
  },
  {
    // Empty lines are not rows and take no line number; a line of spaces is a row, and an empty one.
    file: 'blank-lines.csv', status: 'Succeeded', message: SUCCEEDED, counts: [3, 0, 1],
    log: [ok(1), ok(2), failed(3, R.emptyRow), ok(4)], users: { jane: basic('jane'), john: basic('john'), jill: basic('jill') },
  },
  {
    // LF and CRLF are both line ends, in any mix; a lone CR between two rows makes them one row, which fails.
    file: 'mixed-line-endings.csv', status: 'Succeeded', message: SUCCEEDED, counts: [3, 0, 1],
    log: [ok(1), ok(2), failed(3, R.bareCr), ok(4)], users: { ann: basic('ann'), bob: basic('bob'), emma: basic('emma') },
  },
  {
    // The last column (name) would keep the \r if CRLF were not a line end; the empty CRLF line is no row.
    file: 'crlf-line-endings.csv', status: 'Succeeded', message: SUCCEEDED, counts: [2, 0, 0], log: [ok(1), ok(2)],
    users: { jane: basic('jane', { name: 'Jane Doe' }), john: basic('john', { name: 'John Doe' }) },
  },

  // ---- section 4: usernames already taken, aliases
  {
    file: 'username-already-in-pool.csv', before: 'existing-users.csv', status: 'Succeeded', message: SUCCEEDED, counts: [1, 1, 0],
    log: [skipped(1), ok(2)],
    users: { jane: basic('jane', { name: 'Jane Original' }), john: basic('john', { name: 'John Original' }), jill: basic('jill', { name: 'Jill New' }) },
  },
  {
    file: 'username-repeated-in-file.csv', status: 'Succeeded', message: SUCCEEDED, counts: [1, 1, 0], log: [ok(1), skipped(2)],
    users: { jane: basic('jane', { name: 'Jane First' }) },
  },
  {
    file: 'username-case-insensitive.csv', pool: 'caseInsensitive', status: 'Succeeded', message: SUCCEEDED, counts: [1, 1, 0],
    log: [ok(1), skipped(2)], users: { User1: { attributes: { email: 'first@example.com', email_verified: 'true' } } },
    filter: ['username = "USER1"', ['User1']],
  },
  {
    file: 'username-case-sensitive.csv', status: 'Succeeded', message: SUCCEEDED, counts: [2, 0, 0], log: [ok(1), ok(2)],
    users: {
      User1: { attributes: { email: 'first@example.com', email_verified: 'true' } },
      user1: { attributes: { email: 'second@example.com', email_verified: 'true' } },
    },
  },
  {
    // jane@example.com is jane's alias from the earlier job (email compares case-insensitively);
    // jake@example.com becomes jake's alias in this file.
    file: 'alias-email-taken.csv', pool: 'emailAlias', before: 'existing-users.csv', status: 'Failed', message: TOO_MANY, counts: [1, 0, 2],
    log: [failed(1, R.emailAlias), ok(2), failed(3, R.emailAlias)],
    users: { jane: basic('jane', { name: 'Jane Original' }), john: basic('john', { name: 'John Original' }), jake: basic('jake') },
    filter: ['email = "jane@example.com"', ['jane']],
  },

  // ---- section 8: password hashes
  {
    file: 'password-hash-bcrypt.csv', algorithm: 'BCRYPT', status: 'Failed', message: TOO_MANY, counts: [1, 0, 3],
    log: [ok(1), failed(2, R.bcrypt), failed(3, R.bcrypt), failed(4, R.hashEmpty)],
    users: { jane: { ...basic('jane'), status: 'CONFIRMED' } }, hash: { user: 'jane', hash: BCRYPT_HASH },
  },
  {
    // A PHC string's commas are written \, like any other; unescaped, they split the row.
    file: 'password-hash-scrypt.csv', algorithm: 'SCRYPT', status: 'Succeeded', message: SUCCEEDED, counts: [1, 0, 1],
    log: [ok(1), failed(2, R.scryptCommas)],
    users: { jane: { ...basic('jane'), status: 'CONFIRMED' } }, hash: { user: 'jane', hash: SCRYPT_HASH, password: 'Corr3ct-Horse!' },
  },

  // ---- section 4: the final-status rule
  {
    file: 'final-status-0-imported-1-failed.csv', status: 'Failed', message: TOO_MANY, counts: [0, 0, 1],
    log: [failed(1, R.autoVerified)], users: {},
  },
  {
    file: 'final-status-14-imported-32-failed.csv', status: 'Failed', message: TOO_MANY, counts: [14, 0, 32],
    log: Array.from({ length: 46 }, (_, i) => (i < 14 ? ok(i + 1) : failed(i + 1, R.autoVerified))),
    users: Object.fromEntries(Array.from({ length: 14 }, (_, i) => {
      const name = `ok${String(i + 1).padStart(2, '0')}`;
      return [name, basic(name)];
    })),
  },
  {
    file: 'final-status-3-imported-1-failed.csv', status: 'Succeeded', message: SUCCEEDED, counts: [3, 0, 1],
    log: [ok(1), ok(2), failed(3, R.autoVerified), ok(4)], users: { ann: basic('ann'), bob: basic('bob'), dan: basic('dan') },
  },
  {
    file: 'final-status-all-imported.csv', status: 'Succeeded', message: SUCCEEDED, counts: [3, 0, 0], log: [ok(1), ok(2), ok(3)],
    users: { ann: basic('ann'), bob: basic('bob'), cat: basic('cat') },
  },
];

// ---- reading a corpus file the way Cognito does, for the checks every file gets ------------------

/** The data lines of a file: after the header, empty lines left out (a line of spaces counts). */
function dataLines(file: string): string[] {
  const text = readFileSync(join(CORPUS, file), 'utf8');
  return text.split('\n').map((l) => l.replace(/\r$/, '')).slice(1).filter((l) => l !== '');
}

/** The column names a corpus pool's GetCSVHeader can return: any other header cell is the file's own text. */
const COLUMN_NAMES = new Set([
  ...STANDARD_HEADER, ...POOLS.custom.Schema.map((a) => `custom:${a.Name}`), 'cognito:password_hash',
]);

/**
 * Every cell of the file worth looking for in a message or log line, header cells included (in a
 * malformed file they may be user data): 3 characters or more, not a boolean, not a column name.
 * Lines split at any line end, so a CR-only file's values are found too.
 */
function userValues(file: string): string[] {
  const values = new Set<string>();
  for (const line of readFileSync(join(CORPUS, file), 'utf8').split(/\r\n|\r|\n/)) {
    for (const cell of line.split(/(?<!\\),/)) {
      const v = cell.replace(/\\,/g, ',').trim();
      if (v.length >= 3 && !/^(true|false)$/i.test(v) && !COLUMN_NAMES.has(v)) values.add(v);
    }
  }
  return [...values];
}

// ---- the server and the import of one file ----------------------------------------------------------
let server: TestServer;
let sdk: CognitoIdentityProviderClient;
let logs: CloudWatchLogsClient;

before(async () => {
  server = await startTestServer({ worker: { concurrency: 2, batchSize: 100 } });
  sdk = server.client();
  logs = server.logsClient();
});
after(async () => {
  await server.close();
  cleanup(server.dataDir);
});

const TERMINAL = new Set(['Succeeded', 'Failed', 'Stopped', 'Expired']);

async function importFile(poolId: string, file: string, algorithm?: PasswordHashingAlgorithmType): Promise<{ job: UserImportJobType; jobName: string }> {
  const jobName = file.replace(/\.csv$/, '');
  const created = (await sdk.send(new CreateUserImportJobCommand({
    UserPoolId: poolId, JobName: jobName, CloudWatchLogsRoleArn: ROLE_ARN, PasswordHashingAlgorithm: algorithm,
  }))).UserImportJob!;
  assert.equal((await uploadCsv(created.PreSignedUrl!, readFileSync(join(CORPUS, file)))).status, 200);
  await sdk.send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: created.JobId }));
  const until = Date.now() + 20_000;
  for (;;) {
    const job = (await sdk.send(new DescribeUserImportJobCommand({ UserPoolId: poolId, JobId: created.JobId }))).UserImportJob!;
    if (TERMINAL.has(job.Status!)) return { job, jobName };
    if (Date.now() > until) throw new Error(`${file}: job still ${job.Status}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function logLines(poolId: string, jobId: string, jobName: string): Promise<string[]> {
  const r = await logs.send(new GetLogEventsCommand({
    logGroupName: `/aws/cognito/userpools/${poolId}/${POOL_NAME}`, logStreamName: `${jobId}/${jobName}`, startFromHead: true,
  }));
  return r.events!.map((e) => e.message!);
}

async function usernames(poolId: string, Filter?: string): Promise<string[]> {
  const r = await sdk.send(new ListUsersCommand({ UserPoolId: poolId, Filter }));
  assert.equal(r.PaginationToken, undefined);
  return r.Users!.map((u) => u.Username!).sort();
}

/** The hash the server stored, read from its own database (no API shows it). */
async function storedHash(poolId: string, username: string): Promise<string | undefined> {
  const store = await server.openStore();
  try {
    return (await store.users.findUser(KEY_A.accountId, poolId, username))?.passwordHash;
  } finally {
    await store.close();
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

test('every file of the corpus has its case', () => {
  const listed = new Set(CASES.flatMap((c) => (c.before ? [c.file, c.before] : [c.file])));
  assert.deepEqual(readdirSync(CORPUS).sort(), [...listed].sort());
});

for (const c of CASES) {
  test(c.file, async () => {
    const poolId = (await sdk.send(new CreateUserPoolCommand({ PoolName: POOL_NAME, ...POOLS[c.pool ?? 'default'] }))).UserPool!.Id!;
    if (c.before) assert.equal((await importFile(poolId, c.before)).job.Status, 'Succeeded');
    const existing = new Set(await usernames(poolId));

    const { job, jobName } = await importFile(poolId, c.file, c.algorithm);
    assert.equal(job.Status, c.status);
    assert.equal(job.CompletionMessage, c.message);
    const [imported, skippedRows, failedRows] = [job.ImportedUsers!, job.SkippedUsers!, job.FailedUsers!];
    assert.deepEqual([imported, skippedRows, failedRows], c.counts);

    // A file that fails as a whole processes no row; otherwise the counters add up to the data rows.
    const wholeFileFailed = c.log?.some((l) => !l.includes('] Line Number ')) ?? false;
    const rows = wholeFileFailed ? 0 : dataLines(c.file).length;
    assert.equal(imported + skippedRows + failedRows, rows, 'counters add up to the data rows');

    let lines: string[] = [];
    if (c.log === null) {
      await assert.rejects(logLines(poolId, job.JobId!, jobName), { name: 'ResourceNotFoundException' });
    } else {
      lines = await logLines(poolId, job.JobId!, jobName);
      assert.deepEqual(lines, c.log);
    }
    if (!wholeFileFailed) assert.equal(lines.length, rows, 'one log event per data row');
    for (const text of [...lines, job.CompletionMessage!]) {
      for (const v of userValues(c.file)) assert.ok(!text.includes(v), `user data ${JSON.stringify(v)} in: ${text}`);
    }

    // The pool holds exactly the expected users, as AdminGetUser shows them.
    assert.deepEqual(await usernames(poolId), Object.keys(c.users).sort());
    const subs = new Set<string>();
    for (const [username, expected] of Object.entries(c.users)) {
      const u = await sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: username }));
      assert.equal(u.Username, username);
      assert.equal(u.UserStatus, expected.status ?? 'RESET_REQUIRED', username);
      assert.equal(u.Enabled, true);
      const { sub, ...attributes } = Object.fromEntries(u.UserAttributes!.map((a) => [a.Name!, a.Value!]));
      assert.match(sub, UUID);
      subs.add(sub);
      assert.deepEqual(attributes, expected.attributes, username);
      if (!existing.has(username)) assert.equal(u.UserCreateDate!.getTime(), u.UserLastModifiedDate!.getTime());
    }
    assert.equal(subs.size, Object.keys(c.users).length, 'every sub is fresh');

    if (c.filter) assert.deepEqual(await usernames(poolId, c.filter[0]), c.filter[1]);
    if (c.hash) {
      const stored = await storedHash(poolId, c.hash.user);
      assert.equal(stored, c.hash.hash);
      if (c.hash.password) assert.equal(await verifyPassword(c.hash.password, stored!), true, 'signs in with the old password');
    }
  });
}
