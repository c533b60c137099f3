// --blob-store / COGNITO_IMPORT_BLOB_STORE, and the AWS settings the S3 store takes from the environment.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadServeConfig, parseBlobStore } from '../../src/config';

test('files by default; s3://bucket/prefix with region and endpoint from the usual AWS variables', () => {
  assert.deepEqual(loadServeConfig([], {}).blobStore, { kind: 'files' });
  assert.deepEqual(loadServeConfig(['--blob-store', 'files'], {}).blobStore, { kind: 'files' });
  assert.deepEqual(loadServeConfig([], { COGNITO_IMPORT_BLOB_STORE: 's3://my-bucket/cognito/imports/' }).blobStore,
    { kind: 's3', bucket: 'my-bucket', prefix: 'cognito/imports', region: undefined, endpoint: undefined });
  assert.deepEqual(loadServeConfig(['--blob-store', 's3://my-bucket'], { COGNITO_IMPORT_BLOB_STORE: 's3://other/x', AWS_REGION: 'eu-west-1' }).blobStore,
    { kind: 's3', bucket: 'my-bucket', prefix: '', region: 'eu-west-1', endpoint: undefined }, 'the flag wins over the variable');
  assert.deepEqual(parseBlobStore('s3://b.with.dots/p', { AWS_DEFAULT_REGION: 'us-east-2', AWS_ENDPOINT_URL: 'http://127.0.0.1:9000' }),
    { kind: 's3', bucket: 'b.with.dots', prefix: 'p', region: 'us-east-2', endpoint: 'http://127.0.0.1:9000' });
  assert.deepEqual(parseBlobStore('s3://b12/p', { AWS_REGION: 'ap-south-1', AWS_DEFAULT_REGION: 'us-east-2', AWS_ENDPOINT_URL: 'http://a:1', AWS_ENDPOINT_URL_S3: 'http://s3:2' }),
    { kind: 's3', bucket: 'b12', prefix: 'p', region: 'ap-south-1', endpoint: 'http://s3:2' }, 'AWS_REGION and the S3-specific endpoint first');
});

test('bad values are ConfigErrors that say what is wanted', () => {
  assert.throws(() => parseBlobStore('file:///tmp/x', {}), (e: Error) => e instanceof ConfigError && /must be files or s3:\/\/BUCKET\/PREFIX/.test(e.message));
  assert.throws(() => parseBlobStore('s3://', {}), ConfigError);
  assert.throws(() => parseBlobStore('s3://Upper_Case/x', {}), /not an S3 bucket name/);
  assert.throws(() => parseBlobStore('s3://ok-bucket/x', { AWS_ENDPOINT_URL_S3: 'localhost:9000' }), /AWS_ENDPOINT_URL_S3 must be an http:\/\/ or https:\/\/ URL/);
});
