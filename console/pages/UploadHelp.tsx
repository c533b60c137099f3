// What to do when the browser could not upload a job's file to the S3 bucket (console/upload.ts):
// the CORS rule to add, with the aws CLI command that adds it, and the curl command that uploads
// this job's file meanwhile (docs/console.md, "Uploads to S3"). Shown under the error.
import { useState } from 'preact/hooks';
import { saveFile } from '../format';
import { BucketUnreachableError, uploadFile } from '../upload';

/**
 * uploadFile, keeping the upload the bucket refused: for UploadHelp, and to try it again (same
 * URL, same file) once the bucket allows the page; a refused preflight is not cached by browsers.
 */
export function useBucketUpload() {
  const [refused, setRefused] = useState<{ error: BucketUnreachableError; body: Blob } | undefined>();
  const upload = async (url: string, body: Blob, fileName: string, jobId: string): Promise<void> => {
    setRefused(undefined);
    try {
      await uploadFile(url, body, fileName, jobId);
    } catch (e) {
      if (e instanceof BucketUnreachableError) setRefused({ error: e, body });
      throw e;
    }
  };
  /** The refused upload again; the error it had (its job and file), or undefined when there was none. */
  const again = async (): Promise<BucketUnreachableError | undefined> => {
    if (!refused) return undefined;
    await upload(refused.error.url, refused.body, refused.error.fileName, refused.error.jobId);
    return refused.error;
  };
  return { refused: refused?.error, refusedBody: refused?.body, upload, again, clear: () => setRefused(undefined) };
}

/**
 * onRetry: the same PUT again, for once the rule is in (a refused preflight is not cached).
 * file: the bytes the page made itself (failed rows to re-run), which exist nowhere on disk: offered to save for the curl command.
 */
export function UploadHelp({ error, onRetry, busy, file }: { error: BucketUnreachableError | undefined; onRetry: () => void; busy: boolean; file?: Blob }) {
  if (!error) return null;
  const bucket = error.bucket || 'BUCKET';
  return (
    <section class="stack upload-help" aria-labelledby="upload-help-title">
      <h3 id="upload-help-title">{error.why === 'otherAddress' ? 'Upload the file to this server' : 'Upload the file to the bucket'}</h3>
      {error.why === 'otherAddress' && <p><a href={`${new URL(error.url).origin}/console/`}>Open the console at {new URL(error.url).origin}</a></p>}
      {error.why === 'cors' && <>
        <p>
          To let this console upload files, add this CORS rule to the bucket (save it as <code>cors.json</code>).{' '}
          <code>put-bucket-cors</code> replaces the bucket's CORS configuration: if{' '}
          <code>aws s3api get-bucket-cors --bucket {bucket}</code> shows rules, add this one to them.
        </p>
        <Command caption="cors.json" text={error.corsConfiguration} />
        <Command caption="Add the rule with the aws CLI" text={`aws s3api put-bucket-cors --bucket ${bucket} --cors-configuration file://cors.json`} />
      </>}
      <p class="actions">
        {error.why !== 'otherAddress' && <button type="button" class="secondary" disabled={busy} onClick={onRetry}>Try the upload again</button>}
      </p>
      <p>
        {error.why === 'cors' ? 'Or upload' : 'Upload'} this job's file from a shell, before its upload URL expires (15 minutes after the job was
        created), then Start the job:
      </p>
      {file && (
        <p>
          <button type="button" class="secondary" onClick={() => saveFile(error.fileName, file)}>Save {error.fileName}</button>{' '}
          first: the page made this file, so it is on no disk yet.
        </p>
      )}
      <Command caption="Upload the file with curl" text={error.curlCommand} />
    </section>
  );
}

/** A block to copy, named by its caption (the figure's accessible name). */
function Command({ caption, text }: { caption: string; text: string }) {
  return (
    <figure>
      <figcaption>{caption}</figcaption>
      <pre><code>{text}</code></pre>
    </figure>
  );
}
