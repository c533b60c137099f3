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
  return cspHostSource(url.origin);
}

/**
 * The origin as it may stand in the CSP: a host of letters, digits, dots and hyphens and an
 * optional port. URL keeps '*', ';', ',' and quotes in a host name ('http://*:9000' would allow
 * every host, 'a;b' would start a directive of its own), and CSP has no form for an IPv6 literal
 * (CSP3, host-source): such an origin is refused, not written into the policy.
 */
export function cspHostSource(origin: string): string {
  if (/^https?:\/\/\[/.test(origin)) throw new Error(`${origin}: a Content-Security-Policy cannot name an IPv6 address; give the endpoint a host name`);
  if (!/^https?:\/\/[A-Za-z0-9.-]+(?::\d{1,5})?$/.test(origin)) throw new Error(`${origin}: not a plain host name and port, which is all the console's policy takes`);
  return origin;
}
