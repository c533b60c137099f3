// Create an import job: a name, the CSV file (file picker or drag and drop), checked here with
// import-users' own pre-check before anything is created; then CreateUserImportJob and the
// file PUT to the job's PreSignedUrl, as import-users uploads it. Start is the job's own button.
import { useEffect, useRef, useState } from 'preact/hooks';
import { CreateUserImportJobCommand, type PasswordHashingAlgorithmType, type UserPoolType } from '@aws-sdk/client-cognito-identity-provider';
import type { Api } from '../aws';
import { rememberRows } from '../feed';
import { plural } from '../format';
import { certainToFail, findingText, jobNameFor, OUTCOME_WORDS, precheck, type Precheck } from '../precheck';
import { ErrorBox, Notice, useAction, useLatest } from '../ui';
import { uploadFile } from '../upload';

const ALGORITHMS: PasswordHashingAlgorithmType[] = ['BCRYPT', 'SCRYPT', 'ARGON2ID', 'PBKDF2_SHA256'];

/** The account's default role for the job's logs (import-users' default, docs/spec.md). */
const defaultRoleArn = (pool: UserPoolType): string => `arn:aws:iam::${/:(\d{12}):/.exec(pool.Arn ?? '')?.[1] ?? '000000000000'}:role/CognitoImport`;

export function CreateJob({ api, pool, onCreated }: { api: Api; pool: UserPoolType; onCreated: (jobId: string) => void }) {
  const [jobName, setJobName] = useState('');
  /** The name the last file gave, replaced by the next file's unless the user typed another. */
  const [autoName, setAutoName] = useState('');
  const [file, setFile] = useState<File | undefined>();
  const [algorithm, setAlgorithm] = useState<PasswordHashingAlgorithmType | ''>('');
  const [roleArn, setRoleArn] = useState(() => defaultRoleArn(pool));
  const [check, setCheck] = useState<Precheck | undefined>();
  const [dragging, setDragging] = useState(false);
  const [notice, setNotice] = useState<string | undefined>();
  const checking = useAction();
  const create = useAction();
  const input = useRef<HTMLInputElement>(null);
  const ticket = useLatest();

  // A check per file (and algorithm): only the newest one's result is shown.
  useEffect(() => {
    setCheck(undefined);
    const newest = ticket();
    if (!file) return;
    void checking.run(async () => {
      const c = await precheck(file, pool, algorithm || undefined, api.session.region);
      if (newest()) setCheck(c);
    });
  }, [file, algorithm, pool]);

  const choose = (f: File | undefined): void => {
    setFile(f);
    setNotice(undefined);
    create.clear();
    if (f && (!jobName || jobName === autoName)) {
      const name = jobNameFor(f.name);
      setJobName(name);
      setAutoName(name);
    }
  };

  const onDrop = (e: DragEvent): void => {
    e.preventDefault();
    setDragging(false);
    const f = e.dataTransfer?.files[0];
    if (!f) return;
    // The file input shows the dropped file too, so picker and drop are one state.
    if (input.current && e.dataTransfer) input.current.files = e.dataTransfer.files;
    choose(f);
  };

  const submit = (e: Event): void => {
    e.preventDefault();
    if (!file || !check || check.result.jobFails) return;
    void create.run(async () => {
      const job = (await api.cognito.send(new CreateUserImportJobCommand({
        UserPoolId: pool.Id!, JobName: jobName.trim(), CloudWatchLogsRoleArn: roleArn.trim(), PasswordHashingAlgorithm: algorithm || undefined,
      }))).UserImportJob!;
      rememberRows(job.JobId!, check.result.dataRows);
      try {
        await uploadFile(job.PreSignedUrl!, file, job.JobId!);
      } finally {
        // Listed once its upload has ended, so its Start button is not offered before the file is in.
        onCreated(job.JobId!);
      }
      setNotice(`Created import job ${job.JobName} (${job.JobId}) and uploaded ${file.name} (${plural(check.result.dataRows, 'data row')}). Start it below.`);
      setFile(undefined);
      setJobName('');
      if (input.current) input.current.value = '';
    });
  };

  const r = check?.result;
  return (
    <form class="panel stack" onSubmit={submit} aria-labelledby="create-job-title">
      <h2 id="create-job-title">Create an import job</h2>
      <label>
        Job name
        <input name="jobName" required maxLength={128} value={jobName} onInput={(e) => setJobName(e.currentTarget.value)} />
      </label>
      <div class={dragging ? 'drop dragging' : 'drop'} onDragOver={(e) => { e.preventDefault(); setDragging(true); }}
        onDragLeave={() => setDragging(false)} onDrop={onDrop}>
        <label>
          CSV file
          <input ref={input} name="csvFile" type="file" accept=".csv,text/csv" onChange={(e) => choose(e.currentTarget.files?.[0])} />
        </label>
        <p class="hint">Or drop the file here. It is checked in this browser before anything is created.</p>
      </div>
      <details>
        <summary>More options</summary>
        <div class="stack">
          <label>
            Password hashing algorithm
            <select value={algorithm} onChange={(e) => setAlgorithm(e.currentTarget.value as PasswordHashingAlgorithmType | '')}>
              <option value="">None (no cognito:password_hash column)</option>
              {ALGORITHMS.map((a) => <option key={a} value={a}>{a}</option>)}
            </select>
          </label>
          <label>
            CloudWatch Logs role ARN
            <input value={roleArn} required onInput={(e) => setRoleArn(e.currentTarget.value)} />
          </label>
        </div>
      </details>
      {checking.busy && <p role="status">Checking {file?.name}…</p>}
      <ErrorBox error={checking.error} />
      {file && check && <CheckReport name={file.name} check={check} />}
      <button type="submit" disabled={!file || !r || r.jobFails || create.busy || checking.busy}>Create import job</button>
      {notice && <Notice>{notice}</Notice>}
      <ErrorBox error={create.error} />
    </form>
  );
}

function CheckReport({ name, check }: { name: string; check: Precheck }) {
  const r = check.result;
  const problems = r.failedRows + r.skippedRows;
  let summary: string;
  if (r.jobFails) summary = `${name}: an import job would fail on this file before its first row. Fix it and choose it again: no job is created.`;
  else if (problems === 0) summary = `${name}: ${plural(r.dataRows, 'data row')}, no problems found (users already in the pool are not checked).`;
  else {
    summary = `${name}: ${plural(r.dataRows, 'data row')}: ${[r.failedRows && `${r.failedRows} would fail`, r.skippedRows && `${r.skippedRows} would be skipped`]
      .filter(Boolean).join(', ')}; the others would be imported, as Cognito does.`;
  }
  return (
    <div class="check" aria-labelledby="check-title">
      <h3 id="check-title">Pre-check</h3>
      <p role="status">{summary}</p>
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
