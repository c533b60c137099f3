// Value formats of the user-import CSV (spec section 3; section 8's password hashes are in
// importedHashForms.ts). Every pattern is compiled once here, at module load; the checks are
// plain functions with no closures, called once per cell.

/** `true`/`false` in any case, lower-cased; null when the value is neither. */
export function normalizeBoolean(v: string): string | null {
  if (v === 'true' || v === 'false') return v;
  if (v.length === 4 || v.length === 5) {
    const l = v.toLowerCase();
    if (l === 'true' || l === 'false') return l;
  }
  return null;
}

/** E.164: `+`, then 4 to 15 digits, the first not 0. */
export const PHONE_RE = /^\+[1-9]\d{3,14}$/;

/** local@domain.tld: one @, no white space or commas, a dot-separated domain of two labels or more. */
export const EMAIL_RE = /^[^\s@,]+@[^\s@,.]+(?:\.[^\s@,.]+)+$/;

/**
 * [AWS model] The characters an email address may hold, after the model's EmailAddressType
 * (`[\p{L}\p{M}\p{S}\p{N}\p{P}]+@[\p{L}\p{M}\p{S}\p{N}\p{P}]+`): this matches any other character
 * except spaces (\p{Z}, which EMAIL_RE refuses with its own reason): controls (C0 with tab and
 * line breaks, DEL, C1), format characters such as U+200B ZERO WIDTH SPACE, unassigned and
 * private-use code points, lone surrogates.
 */
const EMAIL_BAD_CHAR_RE = /[^\p{L}\p{M}\p{S}\p{N}\p{P}\p{Z}]/u;

/** 0: fine; 1: not name@domain.tld; 2: has a control, invisible or unassigned character. */
export function emailProblem(v: string): 0 | 1 | 2 {
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c > 0x20 && c < 0x7f) continue; // printable ASCII: the common case, no Unicode regex
    if (EMAIL_BAD_CHAR_RE.test(v)) return 2;
    break;
  }
  return EMAIL_RE.test(v) ? 0 : 1;
}

/** Epoch seconds: digits only (updated_at, and one of the DateTime forms). */
export const EPOCH_RE = /^\d+$/;

/** Number custom attributes: an integer or a decimal, optional minus sign, no exponent. */
export const NUMBER_RE = /^-?\d+(?:\.\d+)?$/;

// Fixed-position forms are read with charCodeAt, not regex captures: this runs once per cell.
const ISO_RE = /^\d{4}-\d\d-\d\d(?:T\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:\d\d))?$/;

/** The two-digit number at v[i], v[i+1], or -1 when they are not both digits. */
function twoDigits(v: string, i: number): number {
  const a = v.charCodeAt(i) - 48;
  const b = v.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

const DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** A real Gregorian calendar date, year 1 to 9999. */
export function isCalendarDate(y: number, m: number, d: number): boolean {
  if (y < 1 || m < 1 || m > 12 || d < 1) return false;
  return d <= (m === 2 && isLeap(y) ? 29 : DAYS[m]);
}

/** birthdate: `mm/dd/yyyy`, a date that exists. */
export function isBirthdate(v: string): boolean {
  if (v.length !== 10 || v.charCodeAt(2) !== 47 || v.charCodeAt(5) !== 47) return false;
  const m = twoDigits(v, 0), d = twoDigits(v, 3), c = twoDigits(v, 6), y = twoDigits(v, 8);
  return m >= 0 && d >= 0 && c >= 0 && y >= 0 && isCalendarDate(c * 100 + y, m, d);
}

/**
 * [OURS] DateTime custom attributes: epoch seconds (digits), an ISO 8601 date `2024-05-01`, or
 * an ISO 8601 date-time with seconds and a zone, `2024-05-01T12:30:00Z`,
 * `2024-05-01T12:30:00.250+02:00` (fraction 1 to 9 digits). No other ISO forms.
 */
export function isDateTime(v: string): boolean {
  if (EPOCH_RE.test(v)) return true;
  if (!ISO_RE.test(v)) return false;
  if (!isCalendarDate(twoDigits(v, 0) * 100 + twoDigits(v, 2), twoDigits(v, 5), twoDigits(v, 8))) return false;
  if (v.length === 10) return true;
  if (twoDigits(v, 11) > 23 || twoDigits(v, 14) > 59 || twoDigits(v, 17) > 59) return false;
  const z = v.length - 6; // `+hh:mm` / `-hh:mm`, or the form ends in Z
  return v.charCodeAt(v.length - 1) === 90 || (twoDigits(v, z + 1) <= 23 && twoDigits(v, z + 4) <= 59);
}

/** Cognito's UsernameType pattern: letters, marks, symbols, numbers, punctuation. */
const USERNAME_RE = /^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u;
const SPACE_RE = /\s/u;

/** 0: fine; 1: has white space; 2: has another character usernames cannot have. */
export function usernameProblem(u: string): 0 | 1 | 2 {
  for (let i = 0; i < u.length; i++) {
    const c = u.charCodeAt(i);
    if (c > 0x20 && c < 0x7f) continue; // printable ASCII: the common case, no regex
    if (SPACE_RE.test(u)) return 1;
    return USERNAME_RE.test(u) ? 0 : 2;
  }
  return 0;
}
