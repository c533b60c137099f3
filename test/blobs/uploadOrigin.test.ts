// The origin the web console's CSP allows for uploads (src/blobs/uploadOrigin.ts): the origin of
// the URLs the S3 store pre-signs, for AWS's addresses (virtual-host, or path-style for a bucket
// with dots), an S3-compatible endpoint, and none for local files. Pre-signing sends nothing, so
// AWS's addresses are checked here without a network.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { cspHostSource, directUploadOrigin } from '../../src/blobs/uploadOrigin';
import { s3BlobStore } from '../../src/blobs/s3';
import { fileBlobStore } from '../../src/blobs/files';
import { cleanup, tempDir } from '../helpers/server';

// Pre-signing needs credentials (any: nothing is sent). This file's process only. AWS's own
// addresses are the SDK's only without an endpoint from the environment, which the suite's S3 leg
// sets (scripts/s3-test-server.sh): the endpoint tests below give theirs explicitly.
process.env.AWS_ACCESS_KEY_ID ??= 'testing';
process.env.AWS_SECRET_ACCESS_KEY ??= 'testing';
delete process.env.AWS_ENDPOINT_URL_S3;
delete process.env.AWS_ENDPOINT_URL;
const dir = tempDir('ci-origin-');
after(() => cleanup(dir));

async function originOf(loc: Parameters<typeof s3BlobStore>[0]): Promise<string | undefined> {
  const blobs = s3BlobStore(loc);
  try {
    return await directUploadOrigin(blobs, Date.now());
  } finally {
    await blobs.close();
  }
}

test('AWS S3: the bucket\'s virtual-host origin in its region', async () => {
  assert.equal(await originOf({ bucket: 'my-uploads', prefix: 'imports', region: 'eu-west-1' }), 'https://my-uploads.s3.eu-west-1.amazonaws.com');
  assert.equal(await originOf({ bucket: 'my-uploads', prefix: '', region: 'us-east-1' }), 'https://my-uploads.s3.us-east-1.amazonaws.com');
});

test('AWS S3, a bucket name with dots: the regional path-style origin (a virtual host would not match the certificate)', async () => {
  assert.equal(await originOf({ bucket: 'uploads.example.com', prefix: 'p', region: 'eu-central-1' }), 'https://s3.eu-central-1.amazonaws.com');
});

test('an S3-compatible endpoint: its origin, whatever path it has', async () => {
  assert.equal(await originOf({ bucket: 'b-1', prefix: 'p', region: 'us-east-1', endpoint: 'http://127.0.0.1:9000' }), 'http://127.0.0.1:9000');
  assert.equal(await originOf({ bucket: 'b-1', prefix: '', region: 'us-east-1', endpoint: 'https://minio.example.com:8443/' }), 'https://minio.example.com:8443');
});

test('local files: no other origin (uploads go to this server)', async () => {
  assert.equal(await directUploadOrigin(fileBlobStore(dir), Date.now()), undefined);
});

test('an origin that could widen the policy or break it is refused, not written into it', async () => {
  // URL keeps these characters in a host name; the SDK pre-signs with them as given.
  for (const origin of ['http://*:9000', 'http://a;sandbox:9000', 'http://a,b:9000', "http://a'b", 'http://[::1]:9000']) {
    assert.throws(() => cspHostSource(origin), /Content-Security-Policy|plain host name/, origin);
  }
  await assert.rejects(originOf({ bucket: 'b-1', prefix: '', region: 'us-east-1', endpoint: 'http://[::1]:9000' }), /IPv6/);
  await assert.rejects(originOf({ bucket: 'b-1', prefix: '', region: 'us-east-1', endpoint: 'http://*:9000' }), /plain host name/);
  for (const origin of ['http://127.0.0.1:9000', 'https://my-uploads.s3.eu-west-1.amazonaws.com', 'http://minio-1.internal']) {
    assert.equal(cspHostSource(origin), origin);
  }
});
