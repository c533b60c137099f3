// Looking into the S3 bucket a test server uses (COGNITO_IMPORT_TEST_BLOB_STORE), with a plain
// S3 client: what the server wrote or deleted, and what a client uploaded.
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import type { BlobStoreConfig } from '../../src/config';

export type S3Config = Extract<BlobStoreConfig, { kind: 's3' }>;

const clients = new Map<string, S3Client>();
export function s3ClientFor(cfg: S3Config): S3Client {
  const id = `${cfg.endpoint ?? ''}\0${cfg.region ?? ''}`;
  let c = clients.get(id);
  if (!c) {
    c = new S3Client({
      region: cfg.region, endpoint: cfg.endpoint, forcePathStyle: cfg.endpoint !== undefined,
      requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED',
    });
    clients.set(id, c);
  }
  return c;
}

/** The full object key of a blob key under the store's prefix. */
export const objectKey = (cfg: S3Config, key: string): string => (cfg.prefix ? `${cfg.prefix}/${key}` : key);

/** Every object key (full, prefix included) that starts with `<store prefix>/<start>`. */
export async function listObjects(cfg: S3Config, start: string): Promise<string[]> {
  const out: string[] = [];
  let token: string | undefined;
  do {
    const r = await s3ClientFor(cfg).send(new ListObjectsV2Command({ Bucket: cfg.bucket, Prefix: objectKey(cfg, start), ContinuationToken: token }));
    out.push(...(r.Contents ?? []).map((o) => o.Key!));
    token = r.NextContinuationToken;
  } while (token);
  return out.sort();
}

export async function getObject(cfg: S3Config, fullKey: string): Promise<{ body: Buffer; sse?: string }> {
  const r = await s3ClientFor(cfg).send(new GetObjectCommand({ Bucket: cfg.bucket, Key: fullKey }));
  return { body: Buffer.from(await r.Body!.transformToByteArray()), sse: r.ServerSideEncryption };
}

export async function objectExists(cfg: S3Config, fullKey: string): Promise<boolean> {
  try {
    await s3ClientFor(cfg).send(new HeadObjectCommand({ Bucket: cfg.bucket, Key: fullKey }));
    return true;
  } catch (e) {
    if ((e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return false;
    throw e;
  }
}

export async function deleteObject(cfg: S3Config, fullKey: string): Promise<void> {
  await s3ClientFor(cfg).send(new DeleteObjectCommand({ Bucket: cfg.bucket, Key: fullKey }));
}

/** Where a pre-signed URL for a key points (origin and path), path-style with an endpoint as the server signs it. */
export function objectUrl(cfg: S3Config, fullKey: string): string {
  if (cfg.endpoint) return `${cfg.endpoint.replace(/\/+$/, '')}/${cfg.bucket}/${fullKey}`;
  return `https://${cfg.bucket}.s3.${cfg.region ?? 'us-east-1'}.amazonaws.com/${fullKey}`;
}
