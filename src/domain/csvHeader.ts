// The header of a user import job's CSV file against its pool (spec sections 3 and 8), and the
// RowPlan it yields: everything checkRow (csvRules.ts) needs for each row, computed once per job.
// A reason names the column and the rule, never the value: it goes to the job's log, which must
// carry no user data. The column's name is always one of GetCSVHeader's (checkHeader lets no
// other through), so no reason holds text from the file. Pure: no I/O, no store, no clock.
import type { PasswordHashingAlgorithmType, SchemaAttributeType } from '../api/generated/cognitoIdp';
import { csvHeader, standardAttributes, type StoredPool } from './userPool';
import type { AliasKind } from './user';
import { FILE_MESSAGES, HEADER_MESSAGES, unexpectedColumn, unquoted } from './csvMessages';
import { HASH_FORMS, type HashRefusal } from './importedHashForms';

export interface ImportSettings { pool: StoredPool; passwordHashingAlgorithm?: PasswordHashingAlgorithmType }

/** Limits in characters, counted as code points everywhere (text.ts), as the model counts them. */
export const MAX_ROW_CHARS = 16_000;
export const MAX_USERNAME_CHARS = 128;
export const MAX_VALUE_CHARS = 2048;
export const PASSWORD_HASH_COLUMN = 'cognito:password_hash';

/** What a column holds, so checkRow knows which rule to apply (one switch, no closures). */
export const STRING = 0, EMAIL = 1, PHONE = 2, BIRTHDATE = 3, EPOCH = 4, BOOLEAN = 5, NUMBER = 6, DATETIME = 7,
  USERNAME = 8, MFA = 9, HASH = 10;
export const MFA_OFF = 0, MFA_OPTIONAL = 1, MFA_ON = 2;

export interface ColumnReasons {
  quote: string; format: string; short: string; long: string; low: string; high: string;
}

interface AliasPlan { kind: AliasKind; col: number; verifiedCol: number; lower: boolean }

/** Everything checkRow needs, computed once per job. Opaque to callers. */
export interface RowPlan {
  readonly columns: number;
  /** Per column of the file, in the file's order. */
  readonly kinds: Uint8Array;
  readonly minLen: Int32Array;
  readonly maxLen: Int32Array;
  readonly hasRange: Uint8Array;
  readonly minVal: Float64Array;
  readonly maxVal: Float64Array;
  /** The reason an empty cell fails (required columns), or null when empty means "not set". */
  readonly emptyReason: readonly (string | null)[];
  readonly reasons: readonly ColumnReasons[];
  /** The attribute columns (file indexes) in GetCSVHeader order, and their names. */
  readonly attrCols: Int32Array;
  readonly attrNames: readonly string[];
  readonly usernameCol: number;
  readonly mfaCol: number;
  readonly hashCol: number;
  /** The job's PasswordHashingAlgorithm, which every cognito:password_hash must be a hash of. */
  readonly hashAlgorithm: PasswordHashingAlgorithmType | null;
  /** Why a hash fails: by its refusal, or by the other algorithm it belongs to (importedHashForms.ts). */
  readonly hashReasons: Readonly<Record<HashRefusal | PasswordHashingAlgorithmType, string>>;
  readonly mfa: number;
  readonly autoVerifiedCols: Int32Array;
  readonly emailCol: number;
  readonly emailVerifiedCol: number;
  readonly phoneCol: number;
  readonly phoneVerifiedCol: number;
  readonly aliases: readonly AliasPlan[];
  readonly caseSensitive: boolean;
  /** How to write commas, for a row whose cell count is wrong (PHC hashes of some algorithms have commas). */
  readonly commaHint: string;
}

export type HeaderCheck = { ok: true; plan: RowPlan; columns: number } | { ok: false; message: string };

// ---------------------------------------------------------------------------------------------
// Header (job-level). Its messages (csvMessages.ts) become the job's CompletionMessage: a column
// is named by its position or by the GetCSVHeader name it matches, never by the file's text.

export function checkHeader(headerLine: string, settings: ImportSettings): HeaderCheck {
  const { pool } = settings;
  const algorithm = settings.passwordHashingAlgorithm;
  if (headerLine.charCodeAt(0) === 0xfeff) return fail(FILE_MESSAGES.bom);
  // prescanCsv finds these first; checked again for a header that did not come through it.
  if (headerLine.indexOf('\r') !== -1) return fail(FILE_MESSAGES.crOnly);
  if (headerLine.indexOf('\0') !== -1) return fail(HEADER_MESSAGES.nul);
  const hashFormat = algorithm === undefined ? undefined : HASH_FORMS[algorithm];
  if (algorithm !== undefined && hashFormat === undefined) return fail(HEADER_MESSAGES.badAlgorithm);
  const autoVerified = pool.settings.AutoVerifiedAttributes ?? [];
  if (autoVerified.length === 0) return fail(HEADER_MESSAGES.noAutoVerified);

  const expected = csvHeader(pool);
  if (algorithm !== undefined) expected.push(PASSWORD_HASH_COLUMN);
  const expectedSet = new Set(expected);
  const names = headerLine.split(',').map((n) => n.trim());
  const known = (n: string): boolean => expectedSet.has(n) || n === PASSWORD_HASH_COLUMN;
  if (!names.some((n) => known(n) || known(unquoted(n) ?? ''))) return fail(HEADER_MESSAGES.notHeader);
  const index = new Map<string, number>();
  for (let i = 0; i < names.length; i++) {
    const n = names[i];
    if (n === '') return fail(HEADER_MESSAGES.emptyColumn(i + 1));
    const first = index.get(n);
    if (first !== undefined) return fail(HEADER_MESSAGES.duplicate(n, first + 1, i + 1));
    if (!expectedSet.has(n)) {
      if (n === PASSWORD_HASH_COLUMN) return fail(HEADER_MESSAGES.hashWithoutAlgorithm);
      return fail(unexpectedColumn(n, i + 1, expected));
    }
    index.set(n, i);
  }
  for (const n of expected) {
    if (!index.has(n)) return fail(n === PASSWORD_HASH_COLUMN ? HEADER_MESSAGES.hashMissing : HEADER_MESSAGES.missing(n));
  }

  return { ok: true, plan: buildPlan(names, index, expected, settings), columns: names.length };

  function fail(message: string): HeaderCheck {
    return { ok: false, message };
  }
}

function kindOf(name: string, attr: SchemaAttributeType | undefined): number {
  switch (name) {
    case 'cognito:username': return USERNAME;
    case 'cognito:mfa_enabled': return MFA;
    case PASSWORD_HASH_COLUMN: return HASH;
    case 'email': return EMAIL;
    case 'phone_number': return PHONE;
    case 'birthdate': return BIRTHDATE;
    case 'updated_at': return EPOCH;
    default:
      switch (attr?.AttributeDataType) {
        case 'Boolean': return BOOLEAN;
        case 'Number': return NUMBER;
        case 'DateTime': return DATETIME;
        default: return STRING;
      }
  }
}

function numberOr(s: string | undefined, d: number): number {
  return s === undefined || s === '' || !Number.isFinite(Number(s)) ? d : Number(s);
}

function formatReason(name: string, kind: number, algorithm: PasswordHashingAlgorithmType | undefined): string {
  const v = `The ${name} value`;
  switch (kind) {
    case EMAIL: return `${v} is not a valid email address (name@domain.tld: one @, no spaces or commas).`;
    case PHONE: return `${v} is not in E.164 format: a + then 4 to 15 digits, the first not 0 (for example +12345550100).`;
    case BIRTHDATE: return `${v} must be a real date written mm/dd/yyyy.`;
    case EPOCH: return `${v} must be a time in epoch seconds (digits only).`;
    case BOOLEAN: return `${v} must be true or false.`;
    case NUMBER: return `${v} must be a number: an integer or a decimal such as -12.5, without exponent.`;
    case DATETIME: return `${v} must be epoch seconds or ISO 8601: 2024-05-01, or 2024-05-01T12:30:00Z with seconds and a time zone.`;
    case USERNAME: return `${v} contains white space; usernames cannot have spaces or tabs.`;
    case MFA: return `${v} must be true or false.`;
    case HASH: return `${v} is not in a form this server can check for ${algorithm}: ${HASH_FORMS[algorithm!].form}.`;
    default: return '';
  }
}

/** What one column (or one attribute of an admin request) must hold, and why a value fails. */
export interface AttributeRule {
  kind: number;
  minLen: number;
  maxLen: number;
  hasRange: boolean;
  minVal: number;
  maxVal: number;
  reasons: ColumnReasons;
  /** The reason an empty cell fails (required columns), or null when empty means "not set". */
  emptyReason: string | null;
}

/**
 * The rule of the attribute `name` as the pool's schema entry `attr` types and constrains it: the
 * CSV import's per-column rule, shared with the admin operations' attribute checks
 * (src/domain/userAttributes.ts), so both judge a value alike.
 */
export function attributeRule(name: string, attr: SchemaAttributeType | undefined, algorithm?: PasswordHashingAlgorithmType): AttributeRule {
  const kind = kindOf(name, attr);
  const v = `The ${name} value`;
  const typed = attr?.AttributeDataType ?? 'String';
  const sc = typed === 'String' ? attr?.StringAttributeConstraints : undefined;
  const minLen = numberOr(sc?.MinLength, 0);
  const maxLen = Math.min(numberOr(sc?.MaxLength, MAX_VALUE_CHARS), MAX_VALUE_CHARS);
  const nc = typed === 'Number' ? attr?.NumberAttributeConstraints : undefined;
  const limit = typed === 'String' ? `, the maximum in the user pool's schema.` : '.';
  return {
    kind, minLen, maxLen,
    hasRange: nc?.MinValue !== undefined || nc?.MaxValue !== undefined,
    minVal: numberOr(nc?.MinValue, -Infinity),
    maxVal: numberOr(nc?.MaxValue, Infinity),
    reasons: {
      quote: `${v} starts with a double quote. Cognito's CSV does not quote values: write them as they are, `
        + 'and a comma inside a value as \\,.',
      format: formatReason(name, kind, algorithm),
      short: `${v} is shorter than ${minLen} characters, the minimum in the user pool's schema.`,
      long: kind === USERNAME ? `${v} is longer than ${MAX_USERNAME_CHARS} characters.` : `${v} is longer than ${maxLen} characters${limit}`,
      low: `${v} is less than ${nc?.MinValue}, the minimum in the user pool's schema.`,
      high: `${v} is greater than ${nc?.MaxValue}, the maximum in the user pool's schema.`,
    },
    emptyReason: kind === USERNAME ? `${v} is empty; every user needs a username.`
      : kind === MFA ? `${v} is empty; it must be true or false.`
        : kind === HASH ? `${v} is empty; a job with a PasswordHashingAlgorithm needs a hash for every user.`
          : attr?.Required && name !== 'sub' ? `${v} is empty, but the user pool's schema makes ${name} required.`
            : null,
  };
}

/** The pool's attributes by name: the standard ones, as the pool's schema restates or changes them, and its custom ones. */
export function poolSchemaByName(pool: StoredPool): Map<string, SchemaAttributeType> {
  const schema = new Map<string, SchemaAttributeType>();
  for (const a of standardAttributes()) schema.set(a.Name!, a);
  for (const a of pool.settings.SchemaAttributes ?? []) schema.set(a.Name!, a);
  return schema;
}

/**
 * The reasons a cognito:password_hash fails beyond its form (that one is the column's format
 * reason): costs past the limits, or a hash of another algorithm than the job's. They name the
 * algorithms and the limits, never the value.
 */
function hashReasons(algorithm: PasswordHashingAlgorithmType | undefined): RowPlan['hashReasons'] {
  const v = `The ${PASSWORD_HASH_COLUMN} value`;
  const other = (a: PasswordHashingAlgorithmType): string => `${v} is a hash of ${a}, but the job's PasswordHashingAlgorithm is ${algorithm}.`;
  return {
    form: algorithm === undefined ? '' : formatReason(PASSWORD_HASH_COLUMN, HASH, algorithm),
    limits: algorithm === undefined ? '' : `${v} is outside the limits this server accepts for ${algorithm}: ${HASH_FORMS[algorithm].limits}.`,
    BCRYPT: other('BCRYPT'), SCRYPT: other('SCRYPT'), ARGON2ID: other('ARGON2ID'), PBKDF2_SHA256: other('PBKDF2_SHA256'),
  };
}

function buildPlan(names: string[], index: Map<string, number>, expected: string[], settings: ImportSettings): RowPlan {
  const { pool, passwordHashingAlgorithm: algorithm } = settings;
  const n = names.length;
  const schema = poolSchemaByName(pool);

  const kinds = new Uint8Array(n);
  const minLen = new Int32Array(n);
  const maxLen = new Int32Array(n);
  const hasRange = new Uint8Array(n);
  const minVal = new Float64Array(n);
  const maxVal = new Float64Array(n);
  const emptyReason: (string | null)[] = [];
  const reasons: ColumnReasons[] = [];
  for (let i = 0; i < n; i++) {
    const rule = attributeRule(names[i], schema.get(names[i]), algorithm);
    kinds[i] = rule.kind;
    minLen[i] = rule.minLen;
    maxLen[i] = rule.maxLen;
    hasRange[i] = rule.hasRange ? 1 : 0;
    minVal[i] = rule.minVal;
    maxVal[i] = rule.maxVal;
    reasons.push(rule.reasons);
    emptyReason.push(rule.emptyReason);
  }

  const attrList = expected.filter((c) => !c.startsWith('cognito:'));
  const caseSensitive = pool.settings.UsernameConfiguration?.CaseSensitive ?? true;
  const col = (name: string): number => index.get(name) ?? -1;
  const aliasKinds: AliasKind[] = pool.settings.AliasAttributes?.length
    ? pool.settings.AliasAttributes : (pool.settings.UsernameAttributes ?? []);
  const mfaSetting = pool.settings.MfaConfiguration ?? 'OFF';
  return {
    columns: n, kinds, minLen, maxLen, hasRange, minVal, maxVal, emptyReason, reasons,
    attrCols: Int32Array.from(attrList, col),
    attrNames: attrList,
    usernameCol: col('cognito:username'),
    mfaCol: col('cognito:mfa_enabled'),
    hashCol: col(PASSWORD_HASH_COLUMN),
    hashAlgorithm: algorithm ?? null,
    hashReasons: hashReasons(algorithm),
    mfa: mfaSetting === 'ON' ? MFA_ON : mfaSetting === 'OPTIONAL' ? MFA_OPTIONAL : MFA_OFF,
    autoVerifiedCols: Int32Array.from(pool.settings.AutoVerifiedAttributes ?? [], (a) => col(`${a}_verified`)),
    emailCol: col('email'),
    emailVerifiedCol: col('email_verified'),
    phoneCol: col('phone_number'),
    phoneVerifiedCol: col('phone_number_verified'),
    aliases: aliasKinds.map((kind) => ({
      kind,
      col: col(kind),
      verifiedCol: kind === 'preferred_username' ? -1 : col(`${kind}_verified`),
      lower: kind === 'email' || (kind === 'preferred_username' && !caseSensitive),
    })),
    caseSensitive,
    commaHint: algorithm === 'SCRYPT' ? ' (in cognito:password_hash too: ln=16\\,r=8\\,p=1)'
      : algorithm === 'ARGON2ID' ? ' (in cognito:password_hash too: m=65536\\,t=3\\,p=4)' : '',
  };
}

// ---------------------------------------------------------------------------------------------
// Rows. One reason per row: the first problem in the file's column order, then the
// cross-column rules (auto-verified, email and phone_number needed by their *_verified flag).

