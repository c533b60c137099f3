// The origin (scheme, host, port) of the URLs a blob store pre-signs for uploads, for the web
// console's Content-Security-Policy (docs/console.md, "Uploads to S3"): the page PUTs a job's file
// to its PreSignedUrl, and with S3 that URL is the bucket's, another origin than this server.
// Worked out by pre-signing a URL for a key nobody uses and reading its origin, so it is the very
// address CreateUserImportJob hands out (the SDK's own endpoint rules: an S3-compatible endpoint,
// AWS's virtual-host or path-style address of the bucket in its region, FIPS or dual-stack when
// configured), not a copy of those rules. Pre-signing is offline: nothing is sent to the bucket.
import type { BlobStore } from './ports';

/** A key under the store's prefix that no pool or job can have (theirs are <account>/<pool>/<job>). */
const PROBE_KEY = 'console-upload-origin';

/**
 * undefined for a store that takes no direct uploads (files go through this server, same origin).
 * Throws when the store cannot pre-sign (no credentials).
 */
export async function directUploadOrigin(blobs: BlobStore, nowMs: number): Promise<string | undefined> {
  if (!blobs.capabilities.directUploads) return undefined;
  const url = new URL(await blobs.presignPut(PROBE_KEY, nowMs, 60));
  // Only an http(s) origin is a CSP source that names one host (an opaque origin is 'null').
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`the blob store pre-signs ${url.protocol} URLs, not http(s)`);
  return url.origin;
}
