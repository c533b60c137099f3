// CSV files for import tests, written the way Cognito wants them: GetCSVHeader's columns,
// no quoting, `\,` for a comma inside a value.
import { writeFileSync } from 'node:fs';

export const STANDARD_HEADER = [
  'name', 'given_name', 'family_name', 'middle_name', 'nickname', 'preferred_username', 'profile', 'picture',
  'website', 'email', 'email_verified', 'gender', 'birthdate', 'zoneinfo', 'locale', 'phone_number',
  'phone_number_verified', 'address', 'updated_at', 'cognito:mfa_enabled', 'cognito:username',
];

export type Row = Record<string, string>;

/** A valid row for a pool with email auto-verified and MFA off. */
export function userRow(i: number, extra: Row = {}): Row {
  return {
    'cognito:username': `user${i}`, name: `User ${i}`, given_name: 'User', family_name: `Number${i}`,
    email: `user${i}@example.com`, email_verified: 'true', 'cognito:mfa_enabled': 'false', ...extra,
  };
}

export function csvText(rows: Row[], header: string[] = STANDARD_HEADER): string {
  const lines = [header.join(',')];
  for (const r of rows) lines.push(header.map((h) => r[h] ?? '').join(','));
  return lines.join('\n') + '\n';
}

/** A large file written in pieces, without holding it all in memory twice. */
export function writeUsersCsv(file: string, count: number, header: string[] = STANDARD_HEADER, rowFor = userRow): void {
  const parts: string[] = [header.join(',') + '\n'];
  for (let i = 1; i <= count; i++) parts.push(header.map((h) => rowFor(i)[h] ?? '').join(',') + '\n');
  writeFileSync(file, parts.join(''));
}
