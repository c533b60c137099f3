// The file's upload to the job's PreSignedUrl: a PUT with the header Cognito's URLs sign, as
// import-users and `curl -T` send it (src/cli/commands/importCalls.ts upload).
import { ExtError } from './ext';

export async function uploadFile(url: string, file: Blob, jobId: string): Promise<void> {
  const target = new URL(url, location.href);
  if (target.origin !== location.origin) {
    // The blob store is S3: the URL is the bucket's, which this page may not reach (its
    // Content-Security-Policy allows this server only). The job stays Created without its file.
    throw new ExtError('UploadNotPossibleHere', `This server's uploads go straight to its S3 bucket (${target.origin}), which the console `
      + `cannot reach. Job ${jobId} was created without its file: upload it with curl -T <file> -H "x-amz-server-side-encryption:aws:kms" `
      + 'and the PreSignedUrl DescribeUserImportJob gives, then start it here.', 0);
  }
  const res = await fetch(target.href, { method: 'PUT', body: file, headers: { 'x-amz-server-side-encryption': 'aws:kms' } });
  // Read to its end either way: a body left unread is a request the browser aborts.
  const body = await res.text();
  if (res.ok) return;
  // An S3-style XML error: its Code and Message.
  const code = /<Code>([^<]*)<\/Code>/.exec(body)?.[1];
  const message = /<Message>([^<]*)<\/Message>/.exec(body)?.[1];
  throw new ExtError(code ?? `HTTP ${res.status}`, `The upload of the file was refused (HTTP ${res.status})${message ? `: ${message}` : ''}. `
    + `Job ${jobId} stays Created without its file.`, res.status);
}
