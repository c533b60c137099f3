// The local check of a CSV file against a pool, before any job exists: import-users runs it on
// the file on disk (src/cli/commands/importCheck.ts), the web console in the browser on the file
// a user picked (console/). One core for both, over the file's bytes in chunks, with no node:
// module. It applies the very rules the import engine applies (csvPrescan.ts prescanCsv,
// csvRules.ts checkHeader and checkRow), reads the file the way the engine does (lines split on
// LF, a CR before it dropped, blank lines not rows), and plays the store's two in-file rules: a
// username seen earlier in the file is skipped, a sign-in alias an earlier row holds fails the
// row. What it cannot see from here: users already in the pool (their rows are skipped, or fail on
// an alias, when the job runs).
// Its findings are the job's own messages and reasons, so they show nothing the file holds either
// (spec section 6): its output is pasted into tickets and CI logs as readily as a job's log, and a
// line number and column name find the value in the file.
import type { UserPoolType } from '@aws-sdk/client-cognito-identity-provider';
import { AUTO_VERIFIED_REASON, checkHeader, checkRow, type ImportSettings, type RowPlan } from './csvRules';
import { FILE_MESSAGES, HEADER_MESSAGES } from './csvMessages';
import { prescanCsv } from './csvPrescan';
import { aliasTakenReason } from './importLog';
import { RowDecider } from './rowOutcomes';
import type { PoolSettings, StoredPool } from './userPool';

export interface Finding {
  /** 1-based line of the file: the header is line 1, blank lines count. Undefined for the file as a whole. */
  line?: number;
  /** The column the problem is in, when there is one. */
  column?: string;
  message: string;
  /** What the service would do: fail the whole job, fail this row, or skip this row. */
  outcome: 'job' | 'failed' | 'skipped';
}

export interface CheckResult {
  /** Data rows as the service counts them (blank lines left out). */
  dataRows: number;
  /** The file itself is refused (encoding, size, header): a job would fail before its first row. */
  jobFails: boolean;
  okRows: number;
  failedRows: number;
  skippedRows: number;
  /** lineOfRow[n] is the file line of data row n (the log's "Line Number n"); index 0 unused. */
  lineOfRow: Uint32Array;
}

/** The file's bytes from the start, in chunks; called once for the pre-scan and once for the rows. */
export type OpenBytes = () => AsyncIterable<Uint8Array>;

/** The StoredPool the row rules need, from DescribeUserPool's answer. */
export function storedPoolFrom(p: UserPoolType, fallback: { accountId: string; region: string }): StoredPool {
  const {
    Id, Name, Arn, CreationDate, LastModifiedDate, EstimatedNumberOfUsers, Status, ...settings
  } = p as UserPoolType & { Status?: unknown };
  void EstimatedNumberOfUsers; void Status;
  const arn = /^arn:[^:]+:cognito-idp:([^:]*):(\d{12}):userpool\//.exec(Arn ?? '');
  return {
    accountId: arn?.[2] ?? fallback.accountId,
    region: arn?.[1] ?? fallback.region,
    id: Id ?? '',
    name: Name ?? '',
    createdMs: CreationDate?.getTime() ?? 0,
    modifiedMs: LastModifiedDate?.getTime() ?? 0,
    settings: settings as unknown as PoolSettings,
  };
}

/** The column a row reason is about: every per-column reason starts `The <column> value` (or `column`). */
function columnOf(reason: string, autoVerifiedColumns: string): string | undefined {
  if (reason === AUTO_VERIFIED_REASON) return autoVerifiedColumns;
  return /^The (\S+) (?:value|column)\b/.exec(reason)?.[1];
}

export async function checkCsv(open: OpenBytes, settings: ImportSettings, onFinding: (f: Finding) => void): Promise<CheckResult> {
  const empty = { okRows: 0, failedRows: 0, skippedRows: 0, lineOfRow: new Uint32Array(1) };
  const scan = await prescanCsv(open());
  if (!scan.ok) {
    // The job's own message; only a byte-order mark is at a line (the file's first bytes).
    const bom = scan.message === FILE_MESSAGES.bom || scan.message === FILE_MESSAGES.utf16;
    onFinding({ line: bom ? 1 : undefined, message: scan.message, outcome: 'job' });
    return { dataRows: 0, jobFails: true, ...empty };
  }
  const header = checkHeader(scan.header, settings);
  if (!header.ok) {
    // About the header, line 1; or about the pool itself (no auto-verified attribute), no line.
    onFinding({ line: header.message === HEADER_MESSAGES.noAutoVerified ? undefined : 1, message: header.message, outcome: 'job' });
    return { dataRows: scan.dataRows, jobFails: true, ...empty };
  }
  const rows = rowChecker(header.plan, settings, scan.dataRows, onFinding);
  // Lines as the engine reads them (worker/importUsers.ts): LF ends a line, a CR before it is
  // dropped, line 1 is the header, an empty line is not a row but still a line of the file.
  // The pre-scan found the file valid UTF-8, so it is decoded a chunk at a time and split as text.
  const lines = new TextLines();
  let line = 0;
  const take = (text: string): void => {
    line++;
    const end = text.endsWith('\r') ? text.length - 1 : text.length;
    if (line > 1 && end > 0) rows.onRow(end === text.length ? text : text.slice(0, end), line);
  };
  for await (const chunk of open()) lines.of(chunk, take);
  lines.end(take);
  return { dataRows: scan.dataRows, jobFails: false, ...rows.counts() };
}

/**
 * A file's text lines, split on LF, from its bytes in chunks. Only each chunk's own text is
 * searched for LF, and a line that spans chunks is kept as its pieces, joined once when it ends:
 * searching or joining the whole line so far at every chunk would make a long line quadratic.
 * The engine's reader (src/worker/fileLines.ts) keeps a long line the same way.
 */
class TextLines {
  private readonly decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  private pieces: string[] = [];

  of(chunk: Uint8Array, take: (line: string) => void): void {
    this.split(this.decoder.decode(chunk, { stream: true }), take);
  }

  /** The last line, when the file does not end with LF. */
  end(take: (line: string) => void): void {
    this.split(this.decoder.decode(), take);
    const rest = this.pieces.join('');
    this.pieces = [];
    if (rest) take(rest);
  }

  private split(text: string, take: (line: string) => void): void {
    let from = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', from)) {
      const piece = text.slice(from, nl);
      take(this.pieces.length ? this.pieces.join('') + piece : piece);
      this.pieces = [];
      from = nl + 1;
    }
    if (from < text.length) this.pieces.push(from ? text.slice(from) : text);
  }
}

/** Each data row through the engine's rules, counted, its problems reported at its file line. */
function rowChecker(plan: RowPlan, settings: ImportSettings, dataRows: number, onFinding: (f: Finding) => void) {
  const autoVerifiedColumns = (settings.pool.settings.AutoVerifiedAttributes ?? []).map((a) => `${a}_verified`).join('/');
  const lineOfRow = new Uint32Array(dataRows + 1);
  const decider = new RowDecider<number>();
  let okRows = 0, failedRows = 0, skippedRows = 0;
  let row = 0;
  const onRow = (text: string, line: number): void => {
    row++;
    if (row < lineOfRow.length) lineOfRow[row] = line;
    const r = checkRow(text, plan);
    if (!r.ok) {
      failedRows++;
      onFinding({ line, column: columnOf(r.reason, autoVerifiedColumns), message: r.reason, outcome: 'failed' });
      return;
    }
    // The engine's rule (domain/rowOutcomes.ts), with the file's earlier rows as the only users.
    const outcome = decider.decide(r.user, line);
    if (outcome === 'exists') {
      skippedRows++;
      onFinding({
        line, column: 'cognito:username', outcome: 'skipped',
        message: `The user already exists: line ${decider.holder} has the same username, so Cognito skips this row.`,
      });
      return;
    }
    if (outcome !== 'created') {
      failedRows++;
      onFinding({ line, column: outcome.aliasTaken, outcome: 'failed', message: `${aliasTakenReason(outcome.aliasTaken)} (Line ${decider.holder} uses it.)` });
      return;
    }
    okRows++;
  };
  return { onRow, counts: () => ({ okRows, failedRows, skippedRows, lineOfRow }) };
}

/** `users.csv:5: cognito:mfa_enabled: <reason>`; `users.csv: <reason>` for the file as a whole. */
export function formatFinding(file: string, f: Finding): string {
  const where = f.line === undefined ? file : `${file}:${f.line}`;
  return f.column === undefined ? `${where}: ${f.message}` : `${where}: ${f.column}: ${f.message}`;
}
