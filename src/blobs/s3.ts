// S3 blob store (docs/operations.md, "Running several instances"): blobs are objects under
// s3://bucket/prefix, shared by every server that names the same bucket. Clients upload straight
// to the bucket with a URL pre-signed here, as AWS's Cognito does (spec section 5); the server
// reads objects back in ranges, streamed.
import { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand, CompleteMultipartUploadCommand, CopyObjectCommand, CreateMultipartUploadCommand,
  DeleteObjectCommand, GetObjectCommand, HeadBucketCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client,
  UploadPartCommand, type CompletedPart,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { BlobNotFoundError, BlobTooLargeError, type BlobStore } from './ports';

export interface S3Location {
  bucket: string;
  /** Key prefix without leading or trailing slash; '' for none. */
  prefix: string;
  region?: string;
  /** An S3-compatible endpoint: then path-style addressing (http://host/bucket/key). */
  endpoint?: string;
}

/** Every object we write or let a client write is encrypted with the bucket's KMS key, as Cognito's are. */
const SSE = 'aws:kms' as const;
/** One ranged GET reads at most this much, so a slow consumer never holds one response open for long. */
export const READ_WINDOW_BYTES = 8 * 1024 * 1024;
/** write() sends bodies larger than this in parts of this size (S3's minimum part is 5 MiB). */
const PART_BYTES = 8 * 1024 * 1024;

interface S3ErrorLike {
  name?: string;
  Code?: string;
  $metadata?: { httpStatusCode?: number };
}
const statusOf = (e: unknown): number | undefined => (e as S3ErrorLike | undefined)?.$metadata?.httpStatusCode;
const nameOf = (e: unknown): string | undefined => (e as S3ErrorLike | undefined)?.name ?? (e as S3ErrorLike | undefined)?.Code;
/**
 * The bucket answers that it has no such object: NoSuchKey (GET, CopyObject), or a bare 404
 * (HEAD has no body to name it). NoSuchBucket is a 404 too, but a fault of the store (a bucket
 * deleted or misnamed), not of one blob: every job would look gone.
 */
const isNoSuchObject = (e: unknown): boolean =>
  nameOf(e) !== 'NoSuchBucket' && (statusOf(e) === 404 || nameOf(e) === 'NoSuchKey' || nameOf(e) === 'NotFound');

export function s3BlobStore(loc: S3Location): BlobStore {
  const client = new S3Client({
    region: loc.region,
    endpoint: loc.endpoint,
    forcePathStyle: loc.endpoint !== undefined,
    // Without this the SDK signs a CRC32 of the (empty) body into pre-signed PUT URLs, and S3
    // then refuses the real file; ranged GETs have no whole-object checksum to validate either.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const Bucket = loc.bucket;
  const location = `s3://${Bucket}${loc.prefix ? `/${loc.prefix}` : ''}`;
  const full = (key: string): string => {
    if (!key || key.startsWith('/') || key.split('/').some((p) => p === '' || p === '.' || p === '..')) throw new Error(`bad blob key ${key}`);
    return loc.prefix ? `${loc.prefix}/${key}` : key;
  };

  /** Blob `key`'s bytes from object Key (full(key)), one ranged GET per window. */
  async function* ranged(key: string, Key: string, start: number, end: number | undefined): AsyncGenerator<Buffer> {
    let pos = start;
    let etag: string | undefined;
    for (;;) {
      if (end !== undefined && pos > end) return;
      const last = end === undefined ? pos + READ_WINDOW_BYTES - 1 : Math.min(end, pos + READ_WINDOW_BYTES - 1);
      let out;
      try {
        // IfMatch: every window comes from the object the first one came from.
        out = await client.send(new GetObjectCommand({ Bucket, Key, Range: `bytes=${pos}-${last}`, IfMatch: etag }));
      } catch (e) {
        // 416: the range starts at or past the end (fs gives an empty stream there too).
        if (statusOf(e) === 416 || nameOf(e) === 'InvalidRange') return;
        if (statusOf(e) === 412) throw new Error(`s3://${Bucket}/${Key} changed while it was being read`);
        // At any window, not only the first: an object deleted while a job reads it is gone for
        // the windows still to come.
        if (isNoSuchObject(e)) throw new BlobNotFoundError(key, location);
        throw e;
      }
      etag = out.ETag;
      const body = out.Body as Readable | undefined;
      if (body) {
        try {
          for await (const chunk of body as AsyncIterable<Buffer>) {
            pos += chunk.length;
            yield chunk;
          }
        } finally {
          body.destroy();
        }
      }
      // Content-Range: bytes first-last/total.
      const total = Number(/\/(\d+)$/.exec(out.ContentRange ?? '')?.[1]);
      if (!Number.isFinite(total) || pos >= total) return;
    }
  }

  return {
    capabilities: { directUploads: true, sharedAcrossProcesses: true },
    location,

    async write(key, body, maxBytes) {
      const Key = full(key);
      let bytes = 0;
      let pending: Buffer[] = [];
      let pendingBytes = 0;
      let uploadId: string | undefined;
      const parts: CompletedPart[] = [];
      const sendPart = async (): Promise<void> => {
        uploadId ??= (await client.send(new CreateMultipartUploadCommand({ Bucket, Key, ServerSideEncryption: SSE }))).UploadId;
        const PartNumber = parts.length + 1;
        const r = await client.send(new UploadPartCommand({ Bucket, Key, UploadId: uploadId, PartNumber, Body: Buffer.concat(pending), ContentLength: pendingBytes }));
        parts.push({ PartNumber, ETag: r.ETag });
        pending = [];
        pendingBytes = 0;
      };
      try {
        for await (const chunk of body as AsyncIterable<Buffer>) {
          bytes += chunk.length;
          if (bytes > maxBytes) throw new BlobTooLargeError(bytes, maxBytes);
          pending.push(chunk);
          pendingBytes += chunk.length;
          if (pendingBytes >= PART_BYTES) await sendPart();
        }
        if (uploadId === undefined) {
          await client.send(new PutObjectCommand({ Bucket, Key, Body: Buffer.concat(pending), ContentLength: pendingBytes, ServerSideEncryption: SSE }));
          return { bytes };
        }
        if (pendingBytes) await sendPart();
        await client.send(new CompleteMultipartUploadCommand({ Bucket, Key, UploadId: uploadId, MultipartUpload: { Parts: parts } }));
        return { bytes };
      } catch (e) {
        if (uploadId !== undefined) await client.send(new AbortMultipartUploadCommand({ Bucket, Key, UploadId: uploadId })).catch(() => undefined);
        throw e;
      }
    },

    read(key, range) {
      const start = range?.start ?? 0;
      return Readable.from(ranged(key, full(key), start, range?.end), { objectMode: false });
    },

    async remove(key) {
      await client.send(new DeleteObjectCommand({ Bucket, Key: full(key) }));
    },

    async removeAll(prefix) {
      // One listing page (up to 1,000 keys) at a time, each page's objects deleted one by one
      // (DeleteObjects wants a Content-MD5 that S3-compatible stores do not all accept alike);
      // a pool holds at most two objects a job.
      let ContinuationToken: string | undefined;
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket, Prefix: `${full(prefix)}/`, ContinuationToken }));
        await Promise.all((page.Contents ?? []).map((o) => client.send(new DeleteObjectCommand({ Bucket, Key: o.Key! }))));
        ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (ContinuationToken);
    },
    async stat(key) {
      try {
        const r = await client.send(new HeadObjectCommand({ Bucket, Key: full(key) }));
        return { bytes: r.ContentLength ?? 0 };
      } catch (e) {
        if (isNoSuchObject(e)) return undefined;
        throw e;
      }
    },

    async copy(fromKey, toKey) {
      const source = full(fromKey).split('/').map(encodeURIComponent).join('/');
      try {
        await client.send(new CopyObjectCommand({ Bucket, Key: full(toKey), CopySource: `${Bucket}/${source}`, ServerSideEncryption: SSE }));
        return true;
      } catch (e) {
        if (isNoSuchObject(e)) return false;
        throw e;
      }
    },

    presignPut(key, nowMs, expiresInSeconds) {
      return getSignedUrl(client, new PutObjectCommand({ Bucket, Key: full(key), ServerSideEncryption: SSE }), {
        expiresIn: expiresInSeconds, signingDate: new Date(nowMs),
        // Signed, and left a header (not hoisted into the query): the uploader must send it.
        signableHeaders: new Set(['x-amz-server-side-encryption']),
        unhoistableHeaders: new Set(['x-amz-server-side-encryption']),
      });
    },

    async removeAbandonedWrites() {
      return 0; // a PUT that does not complete leaves no object
    },
    async check() {
      try {
        await client.send(new HeadBucketCommand({ Bucket }));
      } catch (e) {
        const why = statusOf(e) === 404 ? 'no such bucket'
          : statusOf(e) === 403 ? 'access denied (check the AWS credentials and the bucket policy)'
            : e instanceof Error ? e.message : String(e);
        throw new Error(`S3 bucket ${Bucket}${loc.endpoint ? ` at ${loc.endpoint}` : ''}: ${why}`);
      }
    },

    async close() {
      client.destroy();
    },
  };
}
