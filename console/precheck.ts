// The pre-check import-users runs, in the browser: the same core (src/domain/csvCheck.ts) over the
// picked file's bytes, read a slice at a time, against the pool's settings from DescribeUserPool.
import type { PasswordHashingAlgorithmType, UserPoolType } from '@aws-sdk/client-cognito-identity-provider';
import { checkCsv, storedPoolFrom, type CheckResult, type Finding } from '../src/domain/csvCheck';

/** The most findings kept to show: the counts cover the rest. */
export const SHOWN_FINDINGS = 200;

export interface Precheck {
  result: CheckResult;
  findings: Finding[];
  /** Findings beyond SHOWN_FINDINGS, counted only. */
  moreFindings: number;
}

const SLICE = 1 << 20;

async function* slices(file: Blob): AsyncIterable<Uint8Array> {
  for (let at = 0; at < file.size; at += SLICE) yield new Uint8Array(await file.slice(at, at + SLICE).arrayBuffer());
}

export async function precheck(file: Blob, pool: UserPoolType, algorithm: PasswordHashingAlgorithmType | undefined, region: string): Promise<Precheck> {
  const findings: Finding[] = [];
  let moreFindings = 0;
  const stored = storedPoolFrom(pool, { accountId: '', region });
  const result = await checkCsv(() => slices(file), { pool: stored, passwordHashingAlgorithm: algorithm }, (f) => {
    if (findings.length < SHOWN_FINDINGS) findings.push(f);
    else moreFindings++;
  });
  return { result, findings, moreFindings };
}

/** `Line 5, column cognito:mfa_enabled: <reason>`, as import-users prints `users.csv:5: column: reason`. */
export function findingText(f: Finding): string {
  const where = [f.line !== undefined ? `Line ${f.line}` : 'The file', f.column !== undefined ? `column ${f.column}` : undefined].filter(Boolean).join(', ');
  return `${where}: ${f.message}`;
}

export const OUTCOME_WORDS: Record<Finding['outcome'], string> = {
  job: 'the job would fail',
  failed: 'the row would fail',
  skipped: 'the row would be skipped',
};

/** More rows would not be imported than would: the job would end Failed (import-users' certainToFail). */
export const certainToFail = (r: CheckResult): boolean => {
  const bad = r.failedRows + r.skippedRows;
  return bad > 0 && bad > r.dataRows - bad;
};

/** `users.csv` -> `users`, with characters JobName refuses turned into `-` (import-users' default job name). */
export function jobNameFor(fileName: string): string {
  return fileName.replace(/\.csv$/i, '').replace(/[^\w\s+=,.@-]/g, '-').slice(0, 128).trim() || 'import';
}
