// import-users' local check: the file against the pool, before any job exists. The check itself
// is src/domain/csvCheck.ts, shared with the web console; here it reads the file from disk.
import { createReadStream } from 'node:fs';
import type { ImportSettings } from '../../domain/csvRules';
import { checkCsv, type CheckResult, type Finding } from '../../domain/csvCheck';

export { formatFinding, storedPoolFrom, type CheckResult, type Finding } from '../../domain/csvCheck';

export function checkCsvFile(path: string, settings: ImportSettings, onFinding: (f: Finding) => void): Promise<CheckResult> {
  return checkCsv(() => createReadStream(path, { highWaterMark: 1 << 20 }), settings, onFinding);
}
