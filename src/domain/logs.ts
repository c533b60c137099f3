// CloudWatch Logs as users read it (spec section 6): ARNs, log group identifiers, filter
// patterns, and the opaque tokens of GetLogEvents, FilterLogEvents and the Describe calls.
// Pure functions: no store, no wire errors (the operations turn `undefined` / `{ error }` into those).
import { createHash } from 'node:crypto';
import type { LogEventGap, LogMessageFilter, Scope } from '../store/ports';

export const logGroupArn = (scope: Scope, group: string): string =>
  `arn:aws:logs:${scope.region}:${scope.accountId}:log-group:${group}`;

/** DescribeLogGroups' `arn` carries a trailing `:*`, its `logGroupArn` does not (both as AWS answers). */
export const logGroupArnWildcard = (scope: Scope, group: string): string => `${logGroupArn(scope, group)}:*`;

export const logStreamArn = (scope: Scope, group: string, stream: string): string =>
  `${logGroupArn(scope, group)}:log-stream:${stream}`;

/**
 * The log group a request names: logGroupName, or logGroupIdentifier as a name or an ARN
 * (`arn:aws:logs:<region>:<account>:log-group:<name>`, with or without `:*`).
 * `{ name: undefined }` when the ARN points outside the caller's account and region: there it does not exist.
 */
export function resolveLogGroup(
  scope: Scope, input: { logGroupName?: string; logGroupIdentifier?: string },
): { name: string | undefined } | { error: 'both' | 'neither' } {
  if (input.logGroupName !== undefined && input.logGroupIdentifier !== undefined) return { error: 'both' };
  if (input.logGroupName !== undefined) return { name: input.logGroupName };
  const id = input.logGroupIdentifier;
  if (id === undefined) return { error: 'neither' };
  if (!id.startsWith('arn:')) return { name: id };
  const m = /^arn:[^:]+:logs:([^:]*):([^:]*):log-group:(.+?)(?::\*)?$/.exec(id);
  if (!m || m[1] !== scope.region || m[2] !== scope.accountId) return { name: undefined };
  return { name: m[3] };
}

// ---- Filter patterns ------------------------------------------------------------------------

/**
 * The term patterns of CloudWatch Logs (FilterAndPatternSyntax, "Matching terms in unstructured
 * log events"), case-sensitive substrings:
 *   ERROR Exception        both terms
 *   "Line Number 7 -"      a quoted phrase is one term (\" and \\ escape inside quotes)
 *   -SUCCEEDED             the term must not appear
 *   ?FAILED ?SKIPPED       either; a `?` starts an alternative, and unmarked terms after it join
 *                          that alternative (`?"A" "B" ?"C"` is (A and B) or C, as the CDK writes it)
 * JSON (`{ ... }`), space-delimited (`[ ... ]`) and regex (`%...%`) patterns are refused.
 * An empty or blank pattern matches every event: undefined.
 */
export function parseFilterPattern(pattern: string | undefined): { filter: LogMessageFilter | undefined } | { error: string } {
  if (pattern === undefined || pattern.trim() === '') return { filter: undefined };
  const p = pattern.trim();
  if (p.startsWith('{') || p.startsWith('[') || p.startsWith('%')) {
    return { error: `This server matches terms only: JSON ({...}), space-delimited ([...]) and regular-expression (%...%) filter patterns are not supported. To match text with brackets, quote it, as in "[FAILED]".` };
  }
  const clauses: { include: string[]; exclude: string[] }[] = [];
  let current: { include: string[]; exclude: string[] } | undefined;
  let i = 0;
  while (i < p.length) {
    if (/\s/.test(p[i])) { i++; continue; }
    let alternative = false;
    let negated = false;
    if (p[i] === '?') { alternative = true; i++; }
    if (p[i] === '-') { negated = true; i++; }
    let term = '';
    if (p[i] === '"') {
      i++;
      let closed = false;
      while (i < p.length) {
        const c = p[i];
        if (c === '\\' && i + 1 < p.length) { term += p[i + 1]; i += 2; continue; }
        if (c === '"') { closed = true; i++; break; }
        term += c;
        i++;
      }
      if (!closed) return { error: `The filter pattern '${pattern}' has a quoted term without its closing double quote.` };
      if (i < p.length && !/\s/.test(p[i])) {
        return { error: `The filter pattern '${pattern}' has text right after a closing double quote; separate terms with spaces.` };
      }
    } else {
      while (i < p.length && !/\s/.test(p[i])) term += p[i++];
      if (term.includes('"')) {
        return { error: `The filter pattern '${pattern}' has a double quote inside the term '${term}'; quote the whole term, as in "a b".` };
      }
    }
    if (term === '' && !negated && !alternative) continue;
    if (term === '') return { error: `The filter pattern '${pattern}' has a '?' or '-' without a term after it.` };
    if (alternative || !current) {
      current = { include: [], exclude: [] };
      clauses.push(current);
    }
    (negated ? current.exclude : current.include).push(term);
  }
  return { filter: clauses.length ? { clauses } : undefined };
}

// ---- GetLogEvents tokens ---------------------------------------------------------------------

// Shaped like AWS's (`f/37262474252371832375558383283474245389486292783542648832/s`): direction,
// 56 digits, `/s`. The digits are the gap (timestamp + 1, seq + 1, 20 digits each) and 16 digits
// that bind the token to its stream, so a token of another stream is refused.

export type EventDirection = 'forward' | 'backward';

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

function streamCheck(scope: Scope, group: string, stream: string): string {
  const h = createHash('sha256').update(`${scope.accountId}\n${scope.region}\n${group}\n${stream}`).digest('hex');
  return pad(parseInt(h.slice(0, 13), 16), 16);
}

export function encodeEventToken(dir: EventDirection, gap: LogEventGap, scope: Scope, group: string, stream: string): string {
  return `${dir === 'forward' ? 'f' : 'b'}/${pad(gap.timestampMs + 1, 20)}${pad(gap.seq + 1, 20)}${streamCheck(scope, group, stream)}/s`;
}

/** undefined when the token is not one of ours for this stream. */
export function decodeEventToken(token: string, scope: Scope, group: string, stream: string): { dir: EventDirection; gap: LogEventGap } | undefined {
  const m = /^([fb])\/(\d{20})(\d{20})(\d{16})\/s$/.exec(token);
  if (!m || m[4] !== streamCheck(scope, group, stream)) return undefined;
  const timestampMs = Number(m[2]) - 1;
  const seq = Number(m[3]) - 1;
  if (!Number.isSafeInteger(timestampMs) || !Number.isSafeInteger(seq)) return undefined;
  return { dir: m[1] === 'f' ? 'forward' : 'backward', gap: { timestampMs, seq } };
}

/** The largest seq a gap may name: "after every event of this millisecond". */
export const MAX_SEQ = Number.MAX_SAFE_INTEGER - 1;

// ---- List and filter tokens ------------------------------------------------------------------

/**
 * Opaque base64url tokens for DescribeLogGroups, DescribeLogStreams and FilterLogEvents: what is
 * listed (kind and the request's binding values) and the position after the page's last item.
 */
export function encodeListToken(kind: string, binding: unknown[], position: (string | number)[]): string {
  return Buffer.from(JSON.stringify([kind, binding, position])).toString('base64url');
}

/** The position, or undefined when the token is not of this list (another kind, other binding, garbage). */
export function decodeListToken(token: string, kind: string, binding: unknown[], shape: ('string' | 'number')[]): (string | number)[] | undefined {
  try {
    const v = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as unknown;
    if (!Array.isArray(v) || v.length !== 3 || v[0] !== kind) return undefined;
    if (JSON.stringify(v[1]) !== JSON.stringify(binding)) return undefined;
    const pos = v[2] as unknown;
    if (!Array.isArray(pos) || pos.length !== shape.length) return undefined;
    for (let i = 0; i < shape.length; i++) {
      if (typeof pos[i] !== shape[i]) return undefined;
      if (shape[i] === 'number' && !Number.isSafeInteger(pos[i])) return undefined;
      // No group or stream name we store holds U+0000 (PostgreSQL text cannot): not a position we wrote.
      if (shape[i] === 'string' && (pos[i] as string).includes('\u0000')) return undefined;
    }
    return pos as (string | number)[];
  } catch {
    return undefined;
  }
}

/**
 * FilterLogEvents' eventId: 56 digits like AWS's, unique per event and stable across calls:
 * timestamp, the stream (hashed) and seq. Made by a maker per page, which hashes each stream
 * once: a page holds up to 10,000 events, and one SHA-256 per event held the event loop
 * 60-110 ms for a page of 10,000 (test/timing/eventLoopBudget.test.ts).
 */
export function logEventIds(scope: Scope, group: string): (stream: string, timestampMs: number, seq: number) => string {
  const checks = new Map<string, string>();
  return (stream, timestampMs, seq) => {
    let check = checks.get(stream);
    if (check === undefined) checks.set(stream, (check = streamCheck(scope, group, stream)));
    return `${pad(timestampMs, 20)}${check}${pad(seq, 20)}`;
  };
}
