// X-Amz-Date, the ISO 8601 basic format SigV4 dates are written in (yyyyMMddTHHmmssZ): read for
// the header-signed API (./sigv4.ts) and the query-signed upload URL (./presign.ts), and written
// in Coral's skew messages.

/** The last X-Amz-Date read: requests signed in the same second share it. */
let lastAmzDate: string | undefined;
let lastAmzDateMs = 0;

/** The number written by the decimal digits s[from..to), or -1 if one of them is not a digit. */
function digits(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/**
 * 20240131T235959Z -> epoch milliseconds, or undefined when it is not in ISO 8601 basic format
 * (yyyyMMddTHHmmssZ). Read digit by digit rather than with a regular expression and its match
 * array: 1.2 % of the server's CPU under bench/api, whose requests are each signed a second apart.
 */
export function amzDateMs(s: string): number | undefined {
  if (s === lastAmzDate) return lastAmzDateMs;
  if (s.length !== 16 || s.charCodeAt(8) !== 84 /* T */ || s.charCodeAt(15) !== 90 /* Z */) return undefined;
  const year = digits(s, 0, 4);
  const month = digits(s, 4, 6);
  const day = digits(s, 6, 8);
  const hour = digits(s, 9, 11);
  const minute = digits(s, 11, 13);
  const second = digits(s, 13, 15);
  if ((year | month | day | hour | minute | second) < 0) return undefined;
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  if (Number.isNaN(ms)) return undefined;
  lastAmzDate = s;
  lastAmzDateMs = ms;
  return ms;
}

/** 20240131T235959Z -> Date, or undefined when it is not in ISO 8601 basic format. */
export function parseAmzDate(s: string): Date | undefined {
  const ms = amzDateMs(s);
  return ms === undefined ? undefined : new Date(ms);
}

export const amzDate = (ms: number): string => new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

