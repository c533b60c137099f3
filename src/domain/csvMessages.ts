// The messages of a CSV file refused as a whole (spec section 3): the job's CompletionMessage,
// logged once as `[FAILED] <message>`, and what `import-users` prints for the file before any
// job exists; then the fixed reasons a row fails for. One place, so the job and the CLI pre-check
// say the same words.
//
// Nothing here shows what the file holds (spec section 6: no user data in a message or log line):
// when the file is malformed a header cell may be a user's name or email, so a column is named by
// its position, or by the GetCSVHeader name it stands for, never by the text the file has there.
// Every message fits CompletionMessage's 128 characters (a unit test checks the longest).

export const FILE_MESSAGES = {
  bom: 'The CSV file starts with a byte-order mark (BOM). Save it as UTF-8 without a BOM and upload it again.',
  /** [OURS] Excel's "Unicode Text" is UTF-16: starts FF FE (or FE FF), which is not UTF-8. */
  utf16: 'The CSV file is UTF-16 (it starts with a UTF-16 byte-order mark). Save it as UTF-8 and upload it again.',
  /**
   * [OURS] Classic Mac OS line endings (a lone CR, as some Excel exports still write): LF ends a
   * line here, so the whole file would be one header line.
   */
  crOnly: "The CSV file's lines end with CR only (classic Mac OS line endings). Save it with LF or CRLF line endings and upload it again.",
  empty: 'The CSV file is empty: its first line must be the header from GetCSVHeader.',
  headerTooLong: 'The first line of the CSV file (the header) is too long: it should be the CSVHeader of GetCSVHeader, comma-separated.',
  endsInsideCharacter: 'The CSV file is not valid UTF-8 (it ends inside a character). Save it as UTF-8 and upload it again.',
  tooLarge: (maxBytes: number): string =>
    `The CSV file is larger than ${maxBytes} bytes (100 MB), the most one import job accepts. Split it into several files.`,
  tooManyRows: (rows: number, maxRows: number): string =>
    `The CSV file has ${rows} data rows; one import job takes at most ${maxRows} users. Split it into several files.`,
  /**
   * [OURS] The job's file was deleted from the blob store after Start (the data dir's uploads/
   * folder, or the S3 bucket): nothing to retry, the job ends Failed with what it imported.
   */
  gone: 'The CSV file of this job is no longer in the blob store; upload it to a new job and start that one.',
  /** `row` numbered as the log numbers rows (blank lines left out); 0 is the header. */
  notUtf8: (row: number): string =>
    `The CSV file is not valid UTF-8 (${row === 0 ? 'in the header' : `in data row ${row}`}). Save it as UTF-8 and upload it again.`,
} as const;

const QUOTE = 34;
const GET_HEADER_HINT = 'Get the header with GetCSVHeader and use it as the first line.';

/** The header against the pool and the job. `column` is 1-based; `name` is always a GetCSVHeader name. */
export const HEADER_MESSAGES = {
  badAlgorithm: `The job's PasswordHashingAlgorithm is not one of BCRYPT, SCRYPT, ARGON2ID, PBKDF2_SHA256.`,
  noAutoVerified: 'The user pool has no auto-verified attribute, so no user can be imported. Set AutoVerifiedAttributes first.',
  /** [OURS] A UTF-16 file without a byte-order mark reads as UTF-8 with a NUL after every ASCII character. */
  nul: 'The CSV header holds NUL characters, as a UTF-16 file does. Save the file as UTF-8 and upload it again.',
  notHeader: 'The first line is not the CSV header: it has none of the columns of GetCSVHeader. Use that header as line 1.',
  emptyColumn: (column: number): string => `The CSV header has an empty column name (column ${column}). Remove the stray comma.`,
  duplicate: (name: string, first: number, second: number): string =>
    `The CSV header has the column "${name}" more than once (columns ${first} and ${second}). Keep one of them.`,
  unexpected: (column: number): string =>
    `Column ${column} of the CSV header is not one of the columns GetCSVHeader returns for this user pool. Remove or rename it.`,
  /** The cell is `name` in other letter case: saying which of ours it resembles shows nothing of the file. */
  otherCase: (column: number, name: string): string =>
    `Column ${column} of the CSV header differs from "${name}" only in letter case; column names are case-sensitive.`,
  quoted: (column: number): string =>
    `Column ${column} of the CSV header is in double quotes. Cognito's CSV quotes no column names and no values.`,
  hashWithoutAlgorithm: 'The CSV header has the column "cognito:password_hash" but the job has no PasswordHashingAlgorithm. Remove the column.',
  hashMissing: 'The CSV header is missing the column "cognito:password_hash", which a job with a PasswordHashingAlgorithm requires.',
  missing(name: string): string {
    const long = `The CSV header is missing the column "${name}". ${GET_HEADER_HINT}`;
    return long.length <= 128 ? long : `The CSV header is missing the column "${name}". Use GetCSVHeader's header as the first line.`;
  },
} as const;

/** The text between a cell's double quotes, when it is quoted all through. */
export function unquoted(cell: string): string | undefined {
  return cell.length > 1 && cell.charCodeAt(0) === QUOTE && cell.charCodeAt(cell.length - 1) === QUOTE
    ? cell.slice(1, -1).trim() : undefined;
}

/**
 * Why the header cell at `column` is no column of this job. Two common slips get their own
 * message, naming the GetCSVHeader column they stand for: another letter case ("Email"), and
 * RFC 4180 quotes ("\"email\""). Anything else is named by its position alone.
 */
export function unexpectedColumn(cell: string, column: number, expected: readonly string[]): string {
  const inner = unquoted(cell);
  if (inner !== undefined && expected.includes(inner)) return HEADER_MESSAGES.quoted(column);
  const lower = cell.toLowerCase();
  const other = expected.find((e) => e.toLowerCase() === lower);
  return other === undefined ? HEADER_MESSAGES.unexpected(column) : HEADER_MESSAGES.otherCase(column, other);
}

// ---------------------------------------------------------------------------------------------
// Row reasons that name no column of the file's own, or a fixed one (the others are made per
// column by csvRules.ts's plan). They go to the job's log: `[FAILED] Line Number <n> - <reason>`.

/** [AWS] The one row reason whose wording is known from real logs (spec section 6). */
export const AUTO_VERIFIED_REASON =
  'The User Record does not set any of the auto verified attributes to true. (Example: email_verified to true).';
export const ROW_TOO_LONG_REASON = `The row is longer than 16,000 characters, the most Cognito accepts in one row.`;
export const EMPTY_ROW_REASON = 'The row is empty.';
/**
 * [OURS] A CR inside a row: the file mixes line endings (rows separated by a lone CR, as classic
 * Mac OS wrote them), or a value holds a line break, which Cognito's unquoted CSV cannot carry.
 */
export const BARE_CR_REASON = 'The row holds a carriage return (CR) that does not end a line: '
  + 'the file mixes line endings, or a value has a line break. End every line with LF or CRLF.';
export const MFA_TRUE_OFF = 'The cognito:mfa_enabled value is true, but MFA is OFF in this user pool; it must be false.';
export const MFA_FALSE_ON = 'The cognito:mfa_enabled value is false, but MFA is ON (required) in this user pool; it must be true.';
// The model's UsernameType and EmailAddressType allow letters, marks, symbols, numbers and
// punctuation only: no control (C0, DEL, C1), format (U+200B, U+FEFF...), unassigned or
// private-use character. The reasons say so without showing which character it was.
export const USERNAME_CHARS = 'The cognito:username value contains a control, invisible or unassigned character; '
  + 'usernames are letters, marks, symbols, numbers and punctuation.';
export const EMAIL_CHARS = 'The email value contains a control, invisible or unassigned character; '
  + 'an email address is letters, marks, symbols, numbers and punctuation.';
export const EMAIL_NEEDED = 'The email value is empty, but email_verified is true; a verified email needs an address.';
export const PHONE_NEEDED = 'The phone_number value is empty, but phone_number_verified is true; a verified phone needs a number.';
