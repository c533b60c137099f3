// PUT to a job's pre-signed URL (spec section 5), answered as S3 answers: signature and
// expiry are checked before any byte of the body is read (we answer 100-continue only then),
// the body streams to the blob store, and S3's XML errors come back on refusal.
import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { finished, Transform } from 'node:stream';
import { verifyUpload } from '../auth/sigv4';
import type { AccessKey } from '../auth/keys';
import type { BlobStore } from '../blobs/ports';
import { BlobTooLargeError } from '../blobs/ports';
import type { Clock } from '../domain/clock';
import type { IdGenerator } from '../domain/ids';
import { withExpiry, type JobKey } from '../domain/importJob';
import type { Store } from '../store/ports';
import { FULL_BELOW_BYTES, isDiskFull, type DiskSpace } from '../dataDir';
import type { Logger } from './logger';

/** Cognito's limit for one CSV file (spec section 3). */
export const MAX_UPLOAD_BYTES = 100 * 1024 * 1024;

export interface UploadDeps {
  store: Store;
  blobs: BlobStore;
  clock: Clock;
  ids: IdGenerator;
  signingKey: AccessKey;
  jobTtlMs: number;
  maxUploadBytes: number;
  log: Logger;
  /** The file system the uploads are written to, to refuse a body that cannot fit before reading it. */
  disk?: DiskSpace;
}

/** The URL path of a job's upload: the object key Cognito uses, `<accountId>/<userPoolId>/<jobId>`. */
export const uploadPath = (k: JobKey): string => `/${k.accountId}/${k.poolId}/${k.jobId}`;

// S3's errors for a fault on its side: both retried by the SDKs and the aws CLI (any 5xx).
// ServiceUnavailable (503) for a full disk: the state lasts until space is freed and /health
// says 503 meanwhile, so a client told to come back later, and a load balancer, agree with it.
// InternalError (500) for any other fault, in S3's own words (aws/aws-sdk-cpp#167).
const DISK_FULL = "Service is unable to handle request: the server's disk is full, so the upload was not kept. Try again once space is freed.";
const INTERNAL = 'We encountered an internal error. Please try again.';

const xmlEscape = (s: string): string => s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

function s3Error(res: ServerResponse, status: number, code: string, message: string, extra: Record<string, string> = {}): void {
  const requestId = randomBytes(8).toString('hex').toUpperCase();
  const hostId = randomBytes(48).toString('base64');
  const fields = Object.entries(extra).map(([k, v]) => `<${k}>${xmlEscape(v)}</${k}>`).join('');
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${xmlEscape(message)}</Message>${fields}<RequestId>${requestId}</RequestId><HostId>${hostId}</HostId></Error>`;
  res.writeHead(status, {
    'Content-Type': 'application/xml', 'Content-Length': Buffer.byteLength(body),
    'x-amz-request-id': requestId, 'x-amz-id-2': hostId, Connection: 'close',
  });
  res.end(body);
}

/** The answer to a write that failed on our side; the job's previous upload, if any, is untouched. */
function storageFault(res: ServerResponse, e: unknown, log: Logger, jobId: string): void {
  if (isDiskFull(e)) {
    log.error('upload refused: the disk is full', { jobId, error: String(e) });
    return s3Error(res, 503, 'ServiceUnavailable', DISK_FULL);
  }
  log.error('upload failed', { jobId, error: e instanceof Error ? e.stack : String(e) });
  s3Error(res, 500, 'InternalError', INTERNAL);
}

export async function handleUpload(req: IncomingMessage, res: ServerResponse, expectsContinue: boolean, d: UploadDeps): Promise<void> {
  try {
    await upload(req, res, expectsContinue, d);
  } catch (e) {
    // Answered in S3's XML even when something we did not foresee failed, and only once.
    if (res.headersSent) return void res.destroy();
    storageFault(res, e, d.log, req.url?.split('?')[0] ?? '');
  }
}

async function upload(req: IncomingMessage, res: ServerResponse, expectsContinue: boolean, d: UploadDeps): Promise<void> {
  const key = await admit(req, res, d);
  if (!key) return;
  if (expectsContinue) res.writeContinue();
  await receive(req, res, key, d);
}

/** Every check made before a byte of the body is read; the job's key, or undefined once refused. */
async function admit(req: IncomingMessage, res: ServerResponse, d: UploadDeps): Promise<JobKey | undefined> {
  let url: URL;
  try {
    url = new URL(req.url ?? '/', 'http://upload.invalid');
  } catch {
    return void s3Error(res, 400, 'InvalidURI', "Couldn't parse the specified URI.");
  }
  const parts = url.pathname.split('/').slice(1);
  if (parts.length !== 3 || parts.some((p) => !p)) {
    return void s3Error(res, 404, 'NoSuchKey', 'The specified key does not exist. Upload to the PreSignedUrl of an import job.');
  }
  const auth = await verifyUpload(req.method ?? 'PUT', url.pathname, url.searchParams, req.headers, d.signingKey, d.clock.now());
  if (!auth.ok) return void s3Error(res, auth.status, auth.code, auth.message, auth.extra);

  const key: JobKey = { accountId: parts[0], poolId: parts[1], jobId: parts[2] };
  const job = await d.store.jobs.findJob(key);
  const status = job && withExpiry(job, d.clock.now(), d.jobTtlMs).status;
  if (status !== 'Created') {
    return void s3Error(res, 403, 'AccessDenied', status
      ? `Access Denied: import job ${key.jobId} is ${status}; a file can be uploaded only before the job is started.`
      : `Access Denied: import job ${key.jobId} does not exist.`);
  }
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > d.maxUploadBytes) {
    return void s3Error(res, 400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size',
      { ProposedSize: String(declared), MaxSizeAllowed: String(d.maxUploadBytes) });
  }
  // A body that cannot fit is refused before it is read (and before 100-continue invites it).
  if (d.disk && (await d.disk.freeBytes()) < FULL_BELOW_BYTES + (Number.isFinite(declared) ? declared : 0)) {
    d.log.error('upload refused: the disk is full', { jobId: key.jobId, declared: Number.isFinite(declared) ? declared : undefined });
    return void s3Error(res, 503, 'ServiceUnavailable', DISK_FULL);
  }
  return key;
}

/** Streams the body to a new blob and makes it the job's upload, replacing any earlier one. */
async function receive(req: IncomingMessage, res: ServerResponse, key: JobKey, d: UploadDeps): Promise<void> {
  const md5 = createHash('md5');
  const hashing = new Transform({ transform(c: Buffer, _e, cb) { md5.update(c); cb(null, c); } });
  req.pipe(hashing);
  // pipe() does not pass on a client that goes away mid-body (or one cut off by the server's
  // request timeout): without this the write below waits forever, its temporary file open.
  let clientGone = false;
  finished(req, (err) => {
    if (!err) return;
    clientGone = true;
    hashing.destroy(err);
  });
  const blobKey = `${key.accountId}/${key.poolId}/${key.jobId}/${d.ids.uploadId()}`;
  try {
    await d.blobs.write(blobKey, hashing, d.maxUploadBytes);
  } catch (e) {
    if (e instanceof BlobTooLargeError) {
      s3Error(res, 400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size',
        { ProposedSize: String(e.seenBytes), MaxSizeAllowed: String(d.maxUploadBytes) });
      req.destroy();
      return;
    }
    // Nobody is left to answer, and the blob store kept nothing.
    if (clientGone) return d.log.info('upload abandoned by the client mid-body', { jobId: key.jobId });
    // Our write failed (a full disk): answered now, not after the client gives up. The rest of
    // the body is not read; the answer says Connection: close and the connection goes with it.
    req.unpipe(hashing);
    return storageFault(res, e, d.log, key.jobId);
  }
  // The job may have been started while the body streamed: then this file belongs to nobody.
  let replaced: string | undefined;
  try {
    replaced = await d.store.jobs.attachUpload(key, blobKey);
  } catch (e) {
    await d.blobs.remove(blobKey).catch(() => {});
    throw e;
  }
  if (replaced === undefined) {
    await d.blobs.remove(blobKey);
    return s3Error(res, 403, 'AccessDenied', `Access Denied: import job ${key.jobId} was started during the upload; a file can be uploaded only before the job is started.`);
  }
  if (replaced) await d.blobs.remove(replaced);
  res.writeHead(200, {
    ETag: `"${md5.digest('hex')}"`, 'x-amz-server-side-encryption': 'aws:kms',
    'x-amz-request-id': randomBytes(8).toString('hex').toUpperCase(), 'Content-Length': 0,
  });
  res.end();
}
