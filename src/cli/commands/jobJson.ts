// An import job as `describe-user-import-job --output json` prints it (spec section 7): the
// DescribeUserImportJob answer `{"UserImportJob": {...}}`, 4-space indent, members in model order,
// missing ones left out, timestamps as the profile's cli_timestamp_format asks.
//
// import-users prints its final job with this rather than through output/, so the command's last
// word is always JSON whatever --output says: it ends with the job's final JSON.
import type { TimestampFormat } from '../types';

/** The members of UserImportJobType, in model order (spec section 2). */
const MEMBERS = [
  'JobName', 'JobId', 'UserPoolId', 'PreSignedUrl', 'CreationDate', 'StartDate', 'CompletionDate', 'Status',
  'CloudWatchLogsRoleArn', 'ImportedUsers', 'SkippedUsers', 'FailedUsers', 'CompletionMessage', 'PasswordHashingAlgorithm',
] as const;

/** The job as the SDK gives it: timestamps are Dates. */
export type SdkJob = Partial<Record<(typeof MEMBERS)[number], unknown>>;

const pad = (n: number, w = 2): string => String(Math.trunc(n)).padStart(w, '0');

/**
 * aws CLI v2's default: ISO 8601 in the local time zone, microseconds, offset as +hh:mm
 * (`2019-01-23T19:29:55.471000+00:00`).
 */
export function isoLocal(d: Date): string {
  const off = -d.getTimezoneOffset();
  const sign = off < 0 ? '-' : '+';
  const a = Math.abs(off);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:`
    + `${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}000${sign}${pad(a / 60)}:${pad(a % 60)}`;
}

/** `wire`: the number the service sent, epoch seconds with a millisecond fraction (`1548271795.471`). */
export function timestamp(d: Date, format: TimestampFormat): string | number {
  return format === 'wire' ? d.getTime() / 1000 : isoLocal(d);
}

export function jobJson(job: SdkJob, format: TimestampFormat): string {
  const out: Record<string, unknown> = {};
  for (const k of MEMBERS) {
    const v = job[k];
    if (v === undefined || v === null) continue;
    out[k] = v instanceof Date ? timestamp(v, format) : v;
  }
  return JSON.stringify({ UserImportJob: out }, null, 4) + '\n';
}
