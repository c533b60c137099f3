// The one place that turns a --blob-store setting into a blob store.
import { join } from 'node:path';
import type { BlobStoreConfig } from '../config';
import { fileBlobStore } from './files';
import type { BlobStore } from './ports';
import { s3BlobStore } from './s3';

export function openBlobStore(config: BlobStoreConfig | undefined, dataDir: string): BlobStore {
  if (config?.kind === 's3') return s3BlobStore(config);
  return fileBlobStore(join(dataDir, 'uploads'));
}
