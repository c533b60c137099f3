// Create an import job: a name, the CSV file (file picker or drag and drop), checked here with
// import-users' own pre-check before anything is created; then CreateUserImportJob and the
// file PUT to the job's PreSignedUrl, as import-users uploads it. Start is the job's own button.
import { useRef, useState } from 'preact/hooks';
import { CreateUserImportJobCommand, type PasswordHashingAlgorithmType, type UserPoolType } from '@aws-sdk/client-cognito-identity-provider';
import type { Api } from '../aws';
import { rememberRows } from '../feed';
import { plural } from '../format';
import { jobNameFor } from '../precheck';
import { ErrorBox, Notice, useAction } from '../ui';
import { CheckReport, useCsvCheck } from './CheckReport';
import { UploadHelp, useBucketUpload } from './UploadHelp';

const ALGORITHMS: PasswordHashingAlgorithmType[] = ['BCRYPT', 'SCRYPT', 'ARGON2ID', 'PBKDF2_SHA256'];

/** The account's default role for the job's logs (import-users' default, docs/spec.md). */
const defaultRoleArn = (pool: UserPoolType): string => `arn:aws:iam::${/:(\d{12}):/.exec(pool.Arn ?? '')?.[1] ?? '000000000000'}:role/CognitoImport`;

interface NewJob {
  jobName: string;
  roleArn: string;
  algorithm: PasswordHashingAlgorithmType | undefined;
  file: File;
  dataRows: number;
}

/** CreateUserImportJob, then the upload; the job is listed (onListed) once the upload has ended either way. */
async function createAndUpload(api: Api, pool: UserPoolType, j: NewJob, onListed: () => void,
  upload: (url: string, body: Blob, fileName: string, jobId: string) => Promise<void>): Promise<string> {
  const job = (await api.cognito.send(new CreateUserImportJobCommand({
    UserPoolId: pool.Id!, JobName: j.jobName, CloudWatchLogsRoleArn: j.roleArn, PasswordHashingAlgorithm: j.algorithm,
  }))).UserImportJob!;
  rememberRows(job.JobId!, j.dataRows);
  try {
    await upload(job.PreSignedUrl!, j.file, j.file.name, job.JobId!);
  } finally {
    // Listed once its upload has ended, so its Start button is not offered before the file is in.
    onListed();
  }
  return `Created import job ${job.JobName} (${job.JobId}) and uploaded ${j.file.name} (${plural(j.dataRows, 'data row')}). Start it below.`;
}

export function CreateJob({ api, pool, onCreated }: { api: Api; pool: UserPoolType; onCreated: () => void }) {
  const { jobName, setJobName, file, input, chooseFile, reset } = useNamedFile();
  const [algorithm, setAlgorithm] = useState<PasswordHashingAlgorithmType | ''>('');
  const [roleArn, setRoleArn] = useState(() => defaultRoleArn(pool));
  const [notice, setNotice] = useState<string | undefined>();
  /** An S3 bucket that refused the page: what to do instead, under the error, and Try again. */
  const bucket = useBucketUpload();
  const { check, checking } = useCsvCheck(file, pool, algorithm || undefined, api.session.region);
  const create = useAction();
  /** A new file: the last one's notice and errors go. */
  const clearMessages = (): void => {
    setNotice(undefined);
    bucket.clear();
    create.clear();
  };

  const submit = (e: Event): void => {
    e.preventDefault();
    if (!file || !check || check.result.jobFails) return;
    bucket.clear();
    void create.run(async () => {
      const j = { jobName: jobName.trim(), roleArn: roleArn.trim(), algorithm: algorithm || undefined, file, dataRows: check.result.dataRows };
      setNotice(await createAndUpload(api, pool, j, onCreated, bucket.upload));
      reset();
    });
  };

  const retry = (): void => void create.run(async () => {
    const done = await bucket.again();
    if (!done) return;
    onCreated();
    setNotice(`Uploaded ${done.fileName} for import job ${done.jobId}. Start it below.`);
    reset();
  });

  const r = check?.result;
  return (
    <form class="panel stack" onSubmit={submit} aria-labelledby="create-job-title">
      <h2 id="create-job-title">Create an import job</h2>
      <label>
        Job name
        <input name="jobName" required maxLength={128} value={jobName} onInput={(e) => setJobName(e.currentTarget.value)} />
      </label>
      <FileDrop input={input} onChoose={(f) => { chooseFile(f); clearMessages(); }} />
      <JobOptions algorithm={algorithm} onAlgorithm={setAlgorithm} roleArn={roleArn} onRoleArn={setRoleArn} />
      {checking.busy && <p role="status">Checking {file?.name}…</p>}
      <ErrorBox error={checking.error} />
      {file && check && <CheckReport name={file.name} check={check} />}
      <button type="submit" disabled={!file || !r || r.jobFails || create.busy || checking.busy}>Create import job</button>
      {notice && <Notice>{notice}</Notice>}
      <ErrorBox error={create.error} />
      <UploadHelp error={bucket.refused} onRetry={retry} busy={create.busy} />
    </form>
  );
}

/** The file and the job's name, which follows the file's unless the user typed another. */
function useNamedFile() {
  const [jobName, setJobName] = useState('');
  /** The name the last file gave, replaced by the next file's unless the user typed another. */
  const [autoName, setAutoName] = useState('');
  const [file, setFile] = useState<File | undefined>();
  const input = useRef<HTMLInputElement>(null);
  const chooseFile = (f: File | undefined): void => {
    setFile(f);
    if (f && (!jobName || jobName === autoName)) {
      const name = jobNameFor(f.name);
      setJobName(name);
      setAutoName(name);
    }
  };
  const reset = (): void => {
    setFile(undefined);
    setJobName('');
    if (input.current) input.current.value = '';
  };
  return { jobName, setJobName, file, input, chooseFile, reset };
}

/** The "CSV file" input inside a box a file can be dropped on: picker and drop are one state. */
function FileDrop({ input, onChoose }: { input: { current: HTMLInputElement | null }; onChoose: (f: File | undefined) => void }) {
  const [dragging, setDragging] = useState(false);
  const onDrop = (e: DragEvent): void => {
    e.preventDefault();
    setDragging(false);
    const f = e.dataTransfer?.files[0];
    if (!f) return;
    if (input.current && e.dataTransfer) input.current.files = e.dataTransfer.files;
    onChoose(f);
  };
  return (
    <div class={dragging ? 'drop dragging' : 'drop'} onDragOver={(e) => { e.preventDefault(); setDragging(true); }}
      onDragLeave={() => setDragging(false)} onDrop={onDrop}>
      <label>
        CSV file
        <input ref={input} name="csvFile" type="file" accept=".csv,text/csv" onChange={(e) => onChoose(e.currentTarget.files?.[0])} />
      </label>
      <p class="hint">Or drop the file here. It is checked in this browser before anything is created.</p>
    </div>
  );
}

function JobOptions({ algorithm, onAlgorithm, roleArn, onRoleArn }: {
  algorithm: PasswordHashingAlgorithmType | ''; onAlgorithm: (a: PasswordHashingAlgorithmType | '') => void; roleArn: string; onRoleArn: (arn: string) => void;
}) {
  return (
    <details>
      <summary>More options</summary>
      <div class="stack">
        <label>
          Password hashing algorithm
          <select value={algorithm} onChange={(e) => onAlgorithm(e.currentTarget.value as PasswordHashingAlgorithmType | '')}>
            <option value="">None (no cognito:password_hash column)</option>
            {ALGORITHMS.map((a) => <option key={a} value={a}>{a}</option>)}
          </select>
        </label>
        <label>
          CloudWatch Logs role ARN
          <input value={roleArn} required onInput={(e) => onRoleArn(e.currentTarget.value)} />
        </label>
      </div>
    </details>
  );
}
