// The pre-check of a picked file, as import-users reports it: a summary, then each problem at its
// line and column with what the service would do.
import { useEffect, useState } from 'preact/hooks';
import type { PasswordHashingAlgorithmType, UserPoolType } from '@aws-sdk/client-cognito-identity-provider';
import { plural } from '../format';
import { certainToFail, findingText, OUTCOME_WORDS, precheck, type Precheck } from '../precheck';
import { useAction, useLatest } from '../ui';

/** The check of the file (again when the algorithm changes); only the newest file's result is shown. */
export function useCsvCheck(file: File | undefined, pool: UserPoolType, algorithm: PasswordHashingAlgorithmType | undefined, region: string) {
  const [check, setCheck] = useState<Precheck | undefined>();
  const checking = useAction();
  const ticket = useLatest();
  useEffect(() => {
    setCheck(undefined);
    const newest = ticket();
    if (!file) return;
    void checking.run(async () => {
      const c = await precheck(file, pool, algorithm, region);
      if (newest()) setCheck(c);
    });
  }, [file, algorithm, pool]);
  return { check, checking };
}

function summaryOf(name: string, check: Precheck): string {
  const r = check.result;
  if (r.jobFails) return `${name}: an import job would fail on this file before its first row. Fix it and choose it again: no job is created.`;
  const problems = r.failedRows + r.skippedRows;
  if (problems === 0) return `${name}: ${plural(r.dataRows, 'data row')}, no problems found (users already in the pool are not checked).`;
  const parts = [r.failedRows && `${r.failedRows} would fail`, r.skippedRows && `${r.skippedRows} would be skipped`].filter(Boolean);
  return `${name}: ${plural(r.dataRows, 'data row')}: ${parts.join(', ')}; the others would be imported, as Cognito does.`;
}

export function CheckReport({ name, check }: { name: string; check: Precheck }) {
  const r = check.result;
  return (
    <div class="check" aria-labelledby="check-title">
      <h3 id="check-title">Pre-check</h3>
      <p role="status">{summaryOf(name, check)}</p>
      {!r.jobFails && certainToFail(r) && (
        <p class="warning">More rows would not be imported than would: the job would end Failed, though it imports the others.</p>
      )}
      {check.findings.length > 0 && (
        <ul class="findings">
          {check.findings.map((f, i) => <li key={i} class={`f-${f.outcome}`}>{findingText(f)} <span class="hint">({OUTCOME_WORDS[f.outcome]})</span></li>)}
        </ul>
      )}
      {check.moreFindings > 0 && <p>…and {plural(check.moreFindings, 'more problem')}.</p>}
    </div>
  );
}
