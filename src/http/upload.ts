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
}

/** The URL path of a job's upload: the object key Cognito uses, `<accountId>/<userPoolId>/<jobId>`. */
export const uploadPath = (k: JobKey): string => `/${k.accountId}/${k.poolId}/${k.jobId}`;

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

export async function handleUpload(req: IncomingMessage, res: ServerResponse, expectsContinue: boolean, d: UploadDeps): Promise<void> {
  let url: URL;
  try {
    url = new URL(req.url ?? '/', 'http://upload.invalid');
  } catch {
    return s3Error(res, 400, 'InvalidURI', "Couldn't parse the specified URI.");
  }
  const parts = url.pathname.split('/').slice(1);
  if (parts.length !== 3 || parts.some((p) => !p)) {
    return s3Error(res, 404, 'NoSuchKey', 'The specified key does not exist. Upload to the PreSignedUrl of an import job.');
  }
  const auth = await verifyUpload(req.method ?? 'PUT', url.pathname, url.searchParams, req.headers, d.signingKey, d.clock.now());
  if (!auth.ok) return s3Error(res, auth.status, auth.code, auth.message, auth.extra);

  const key: JobKey = { accountId: parts[0], poolId: parts[1], jobId: parts[2] };
  const job = await d.store.jobs.findJob(key);
  const status = job && withExpiry(job, d.clock.now(), d.jobTtlMs).status;
  if (status !== 'Created') {
    return s3Error(res, 403, 'AccessDenied', status
      ? `Access Denied: import job ${key.jobId} is ${status}; a file can be uploaded only before the job is started.`
      : `Access Denied: import job ${key.jobId} does not exist.`);
  }
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > d.maxUploadBytes) {
    return s3Error(res, 400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size',
      { ProposedSize: String(declared), MaxSizeAllowed: String(d.maxUploadBytes) });
  }
  if (expectsContinue) res.writeContinue();

  const md5 = createHash('md5');
  const hashing = new Transform({ transform(c: Buffer, _e, cb) { md5.update(c); cb(null, c); } });
  req.pipe(hashing);
  // pipe() does not pass on a client that goes away mid-body (or one cut off by the server's
  // request timeout): without this the write below waits forever, its temporary file open.
  finished(req, (err) => { if (err) hashing.destroy(err); });
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
    if (!req.complete) return d.log.info('upload abandoned by the client mid-body', { jobId: key.jobId });
    throw e;
  }
  // The job may have been started while the body streamed: then this file belongs to nobody.
  const replaced = await d.store.jobs.attachUpload(key, blobKey);
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
