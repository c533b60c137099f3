// What to do when the browser could not upload a job's file to the S3 bucket (console/upload.ts):
// the CORS rule to add, with the aws CLI command that adds it, and the curl command that uploads
// this job's file meanwhile (docs/console.md, "Uploads to S3"). Shown under the error.
import type { BucketUnreachableError } from '../upload';

export function UploadHelp({ error }: { error: BucketUnreachableError | undefined }) {
  if (!error) return null;
  const bucket = error.bucket || 'BUCKET';
  return (
    <section class="stack upload-help" aria-labelledby="upload-help-title">
      <h3 id="upload-help-title">Upload the file to the bucket</h3>
      {!error.refusedByCsp && <>
        <p>
          To let this console upload files, add this CORS rule to the bucket (save it as <code>cors.json</code>).{' '}
          <code>put-bucket-cors</code> replaces the bucket's CORS configuration: if{' '}
          <code>aws s3api get-bucket-cors --bucket {bucket}</code> shows rules, add this one to them.
        </p>
        <Command caption="cors.json" text={error.corsConfiguration} />
        <Command caption="Add the rule with the aws CLI" text={`aws s3api put-bucket-cors --bucket ${bucket} --cors-configuration file://cors.json`} />
      </>}
      <p>
        {error.refusedByCsp ? 'Upload' : 'Or upload'} this job's file from a shell, before its upload URL expires (15 minutes after the job was
        created), then Start the job:
      </p>
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
