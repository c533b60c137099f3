// boto3 (Python) against the server: the client most migration scripts are written with.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, run, KEY_A, type TestServer } from '../helpers/server';

let server: TestServer;
before(async () => { server = await startTestServer(); });
after(() => server.close());

const SCRIPT = `
import boto3, json, sys, urllib.request
c = boto3.client('cognito-idp', endpoint_url=sys.argv[1], region_name='eu-west-1')
pool = c.create_user_pool(PoolName='boto', AutoVerifiedAttributes=['email'])['UserPool']
header = c.get_csv_header(UserPoolId=pool['Id'])['CSVHeader']
job = c.create_user_import_job(UserPoolId=pool['Id'], JobName='boto-job',
    CloudWatchLogsRoleArn='arn:aws:iam::111111111111:role/CognitoImport')['UserImportJob']
req = urllib.request.Request(job['PreSignedUrl'], data=(','.join(header) + '\\n').encode(), method='PUT',
    headers={'x-amz-server-side-encryption': 'aws:kms'})
status = urllib.request.urlopen(req).status
started = c.start_user_import_job(UserPoolId=pool['Id'], JobId=job['JobId'])['UserImportJob']
try:
    c.describe_user_import_job(UserPoolId=pool['Id'], JobId='import-XXXXXXXXXX')
    err = None
except c.exceptions.ResourceNotFoundException as e:
    err = e.response['Error']
print(json.dumps({'pool': pool['Id'], 'header': len(header), 'upload': status, 'status': started['Status'],
    'start': started['StartDate'].timestamp() >= started['CreationDate'].timestamp(), 'err': err}))
`;

test('boto3 creates a pool and a job, uploads, starts, and reads modeled errors', async () => {
  const r = await run('python3', ['-c', SCRIPT, server.url], {
    PATH: process.env.PATH, HOME: process.env.HOME, AWS_ACCESS_KEY_ID: KEY_A.accessKeyId, AWS_SECRET_ACCESS_KEY: KEY_A.secretAccessKey,
    AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
  });
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { pool: string; header: number; upload: number; status: string; start: boolean; err: { Code: string; Message: string } };
  assert.match(out.pool, /^eu-west-1_[0-9A-Za-z]{9}$/);
  assert.equal(out.header, 21);
  assert.equal(out.upload, 200);
  assert.equal(out.status, 'Pending');
  assert.equal(out.start, true);
  assert.deepEqual(out.err, { Code: 'ResourceNotFoundException', Message: 'Import job import-XXXXXXXXXX does not exist.' });
});
