// The one place that turns a --blob-store setting into a blob store.
import { join } from 'node:path';
import type { BlobStoreConfig } from '../config';
import { fileBlobStore } from './files';
import type { BlobStore } from './ports';

export function openBlobStore(config: BlobStoreConfig | undefined, dataDir: string): BlobStore {
  if (config?.kind === 's3') {
    // Loaded only when asked for: a server on local files never loads the AWS SDK's S3 client.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require('./s3') as typeof import('./s3')).s3BlobStore(config);
  }
  return fileBlobStore(join(dataDir, 'uploads'));
}
