// The file's upload to the job's PreSignedUrl: a PUT with the header Cognito's URLs sign, as
// import-users and `curl -T` send it (src/cli/commands/importCalls.ts upload).
// With an S3 blob store the URL is the bucket's, another origin: the server's CSP allows that one
// origin (src/http/console.ts), and the bucket must answer the browser's CORS preflight. A bucket
// without a rule for this page makes fetch fail with a bare TypeError (the browser tells the page
// nothing more), which is said here as what it almost always is, with the rule to add and the
// curl command that uploads the file anyway (docs/console.md, "Uploads to S3").
import { ExtError } from './ext';

/** The header the PreSignedUrl signs, which every uploader sends. */
const SSE_HEADER = 'x-amz-server-side-encryption';

/**
 * The CORS configuration a bucket needs for the console at pageOrigin, for
 * `aws s3api put-bucket-cors --cors-configuration file://cors.json` (docs/console.md).
 * content-type: the browser sends the file's type (text/csv) with it.
 */
export const corsConfiguration = (pageOrigin: string): string => JSON.stringify({
  CORSRules: [{ AllowedOrigins: [pageOrigin], AllowedMethods: ['PUT'], AllowedHeaders: ['content-type', SSE_HEADER], MaxAgeSeconds: 3000 }],
}, null, 2);

/**
 * The bucket a pre-signed URL names: AWS's virtual host <bucket>.s3[.-]...amazonaws.com (the SDK
 * uses it for names without dots), else the path's first segment (path-style: an endpoint's, or a
 * name with dots).
 */
function bucketOf(url: URL): string {
  const host = /\.amazonaws\.com(\.cn)?$/.test(url.hostname) ? /^([a-z0-9][a-z0-9-]*)\.s3[.-]/.exec(url.hostname)?.[1] : undefined;
  return host ?? decodeURIComponent(url.pathname.split('/')[1] ?? '');
}

/** A shell word in single quotes, as sh reads it back. */
const quoted = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * Why the browser did not send the file: 'cors', the bucket has no CORS rule for the page (most
 * likely); 'csp', the page's policy refused the bucket's origin; 'otherAddress', the server takes
 * the uploads itself (local files: index.html names no upload origin) at an address other
 * than the page's: the console opened at localhost while the server's uploads go to 127.0.0.1, or
 * through a proxy while they go to the listen address (--public-url names the right one).
 */
export type UploadRefusal = 'cors' | 'csp' | 'otherAddress';

/** The browser could not send the file to the bucket: its CORS rule, most likely. */
export class BucketUnreachableError extends ExtError {
  readonly bucket: string;
  readonly corsConfiguration: string;
  readonly curlCommand: string;
  /** The PreSignedUrl, to try the same upload again once the bucket allows the page. */
  readonly url: string;
  constructor(target: URL, readonly pageOrigin: string, readonly fileName: string, readonly jobId: string, readonly why: UploadRefusal) {
    const bucket = bucketOf(target);
    const [type, whyText] = why === 'otherAddress' ? [
      'UploadAddressIsAnotherOrigin', `This server takes uploads at ${target.origin} (its --public-url, or the address it listens on), `
      + `not at this page's ${pageOrigin}, and the browser does not send files to another address. Open the console at `
      + `${target.origin}/console/ to upload from the page.`,
    ] : why === 'csp' ? [
      'UploadRefusedByContentSecurityPolicy', `The page's Content-Security-Policy does not allow ${target.origin}, the bucket ${bucket} this `
      + `server uploads to, so the browser did not send ${fileName}. This server allows its bucket in the console's policy: a proxy in front `
      + 'of it may send a policy of its own, or the server could not work out the bucket\'s address when it started (its log says so).',
    ] : [
      'BucketCorsRuleMissing', `The browser could not send ${fileName} to the bucket ${bucket} at ${target.origin}: the bucket has no CORS rule `
      + `that lets this page (${pageOrigin}) PUT files to it (or the bucket cannot be reached from this browser).`,
    ];
    super(type, `${whyText} Job ${jobId} was created without its file: ${why === 'cors' ? 'add the CORS rule below to the bucket, or ' : ''}`
      + 'upload the file with the curl command below, then Start the job here.', 0);
    this.bucket = why === 'otherAddress' ? '' : bucket;
    this.url = target.href;
    this.corsConfiguration = corsConfiguration(pageOrigin);
    this.curlCommand = `curl -T ${quoted(fileName)} -H '${SSE_HEADER}:aws:kms' ${quoted(target.href)}`;
  }
}

/** The server uploads to another origin (an S3 bucket) and says so in index.html (src/http/console.ts servedIndexHtml). */
const uploadsElsewhere = (): boolean => document.querySelector('meta[name="cognito-import-upload-origin"]') !== null;

/** The PUT, or why it never got an answer: the page's CSP refused the URL, or the network or CORS did (a TypeError). */
async function put(target: URL, file: Blob): Promise<Response | { refused: 'csp' | 'otherAddress' }> {
  let refused: 'csp' | 'otherAddress' | undefined;
  const seen = (e: SecurityPolicyViolationEvent): void => {
    if (e.effectiveDirective === 'connect-src' && e.blockedURI.startsWith(target.origin)) refused = uploadsElsewhere() ? 'csp' : 'otherAddress';
  };
  document.addEventListener('securitypolicyviolation', seen);
  try {
    return await fetch(target.href, { method: 'PUT', body: file, headers: { [SSE_HEADER]: 'aws:kms' } });
  } catch (e) {
    if (!(e instanceof TypeError)) throw e;
    // The violation event is queued as a task of its own: let it run before deciding.
    await new Promise((r) => setTimeout(r, 0));
    if (refused) return { refused };
    throw e;
  } finally {
    document.removeEventListener('securitypolicyviolation', seen);
  }
}

/** fileName: the name the user knows the file by, for the curl command should the bucket refuse the page. */
export async function uploadFile(url: string, file: Blob, fileName: string, jobId: string): Promise<void> {
  const target = new URL(url, location.href);
  let res: Response | { refused: 'csp' | 'otherAddress' };
  try {
    res = await put(target, file);
  } catch (e) {
    // Another origin (the S3 bucket) refusing the CORS preflight is a TypeError like a network fault.
    if (e instanceof TypeError && target.origin !== location.origin) throw new BucketUnreachableError(target, location.origin, fileName, jobId, 'cors');
    throw e;
  }
  if ('refused' in res) throw new BucketUnreachableError(target, location.origin, fileName, jobId, res.refused);
  // Read to its end either way: a body left unread is a request the browser aborts.
  const body = await res.text();
  if (res.ok) return;
  // An S3-style XML error: its Code and Message.
  const code = /<Code>([^<]*)<\/Code>/.exec(body)?.[1];
  const message = /<Message>([^<]*)<\/Message>/.exec(body)?.[1];
  throw new ExtError(code ?? `HTTP ${res.status}`, `The upload of the file was refused (HTTP ${res.status})${message ? `: ${message}` : ''}. `
    + `Job ${jobId} stays Created without its file.`, res.status);
}
