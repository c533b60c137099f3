// A job's upload, from the PreSignedUrl CreateUserImportJob returns to the blob the worker
// reads (spec section 5). Which of the two ways is the blob store's capability, decided once:
//
// - Through our server (files, capabilities.directUploads false): the URL is our own upload
//   endpoint, which streams the file into the store, attaches it to the job, and refuses a PUT
//   once the job is started (src/http/upload.ts). Nothing is left to do at Start.
//
// - Straight into the store (S3): the URL points at the bucket itself, key
//   <accountId>/<userPoolId>/<jobId> under the store's prefix, as AWS's does; our server never
//   sees the upload. So StartUserImportJob looks for it (HeadObject), and freezes it: a
//   server-side copy to <key>.<uploadId>, attached to the job before the guarded start.
//   [OURS] S3 cannot refuse a PUT to a still-valid URL after Start the way our endpoint does
//   (the URL lives 15 minutes whatever the job does), so the worker reads the frozen copy,
//   which only we write: a PUT after Start lands in the direct key and changes nothing.
//   The direct key is attached when the job is created, so that expiry and pool deletion,
//   which delete the blobs the store hands back, delete it even if the job was never started;
//   a frozen copy's key names its source, so discarding the copy deletes the direct key too.
//   What S3 cannot do for us: refuse a body over 100 MB at upload (the worker's pre-scan fails
//   the job with the same message instead), or refuse a PUT after the job expired when the
//   expiry time is under the URL's 15 minutes (that object is then left behind).
import type { AccessKey } from '../auth/keys';
import { presignUpload } from '../auth/sigv4';
import type { BlobStore } from '../blobs/ports';
import type { IdGenerator } from '../domain/ids';
import type { JobKey, JobRecord } from '../domain/importJob';
import { uploadPath } from '../http/upload';
import type { Store } from '../store/ports';
import type { Limits, Uploads } from './types';

export interface UploadWiring {
  store: Store;
  blobs: BlobStore;
  ids: IdGenerator;
  limits: Limits;
  /** Base of our own upload endpoint's URLs: known once the server listens. */
  serverBase: () => URL;
  /** Signs our own upload endpoint's URLs. */
  signingKey: AccessKey;
}

export function uploadsFor(w: UploadWiring): Uploads {
  return w.blobs.capabilities.directUploads ? directUploads(w) : serverUploads(w);
}

const keyOf = (j: JobKey): JobKey => ({ accountId: j.accountId, poolId: j.poolId, jobId: j.jobId });

function serverUploads(w: UploadWiring): Uploads {
  return {
    urlFor: (key, region, nowMs) => presignUpload(w.serverBase(), uploadPath(key), w.signingKey, region, nowMs, w.limits.uploadUrlSeconds),
    jobCreated: async () => {},
    uploaded: async (job) => Boolean(job.blobKey),
    freeze: async () => true,
    async discard(blobKeys) {
      await Promise.all(blobKeys.map((k) => w.blobs.remove(k)));
    },
    discardPool: (accountId, poolId) => w.blobs.removeAll(poolPrefix(accountId, poolId)),
  };
}

/** Every upload blob of a pool, in either store, has a key below this. */
const poolPrefix = (accountId: string, poolId: string): string => `${accountId}/${poolId}`;

/** The key the client uploads to (below the store's prefix): Cognito's object key. */
export const directUploadKey = (k: JobKey): string => `${k.accountId}/${k.poolId}/${k.jobId}`;
/** The copy one Start froze: the direct key, a dot and an upload id (job ids have no dot). */
const frozenKey = (k: JobKey, uploadId: string): string => `${directUploadKey(k)}.${uploadId}`;
/** The direct key a frozen copy came from; a direct key is its own source. */
const sourceOf = (blobKey: string): string => blobKey.replace(/\.[A-Za-z0-9]+$/, '');

function directUploads(w: UploadWiring): Uploads {
  return {
    urlFor: (key, _region, nowMs) => w.blobs.presignPut(directUploadKey(key), nowMs, w.limits.uploadUrlSeconds),
    async jobCreated(key) {
      await w.store.jobs.attachUpload(key, directUploadKey(key));
    },
    async uploaded(job) {
      return (await w.blobs.stat(directUploadKey(job))) !== undefined;
    },
    async freeze(job) {
      const key = keyOf(job);
      const frozen = frozenKey(key, w.ids.uploadId());
      if (!(await w.blobs.copy(directUploadKey(key), frozen))) return false;
      const replaced = await w.store.jobs.attachUpload(key, frozen);
      // No longer Created (started by another request, or expired): the guarded start says so.
      if (replaced === undefined) await w.blobs.remove(frozen);
      // The copy of an earlier Start that did not start the job (say, another job was active).
      else if (replaced && replaced !== directUploadKey(key)) await w.blobs.remove(replaced);
      return true;
    },
    async discard(blobKeys) {
      const all = new Set(blobKeys.flatMap((k) => [k, sourceOf(k)]));
      await Promise.all([...all].map((k) => w.blobs.remove(k)));
    },
    discardPool: (accountId, poolId) => w.blobs.removeAll(poolPrefix(accountId, poolId)),
  };
}
