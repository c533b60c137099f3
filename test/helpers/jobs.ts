// Import jobs driven through the API, for tests that need users in a pool or a job at a given
// point: create and upload, start, wait until a condition holds (never a fixed sleep).
import assert from 'node:assert/strict';
import {
  CognitoIdentityProviderClient, CreateUserImportJobCommand, CreateUserPoolCommand, DescribeUserImportJobCommand,
  StartUserImportJobCommand, type UserImportJobType,
} from '@aws-sdk/client-cognito-identity-provider';
import { ROLE_ARN } from './server';
import { uploadCsv } from './upload';

export const TERMINAL = new Set(['Succeeded', 'Failed', 'Stopped', 'Expired']);

export async function newPool(sdk: CognitoIdentityProviderClient, name = 'pool'): Promise<string> {
  const r = await sdk.send(new CreateUserPoolCommand({ PoolName: name, AutoVerifiedAttributes: ['email'] }));
  return r.UserPool!.Id!;
}

/** A Created job with the body uploaded to its PreSignedUrl. */
export async function uploadedJob(sdk: CognitoIdentityProviderClient, poolId: string, body: string | Buffer, jobName = 'job'): Promise<{ jobId: string; url: string }> {
  const job = (await sdk.send(new CreateUserImportJobCommand({ UserPoolId: poolId, JobName: jobName, CloudWatchLogsRoleArn: ROLE_ARN }))).UserImportJob!;
  const up = await uploadCsv(job.PreSignedUrl!, body);
  assert.equal(up.status, 200, up.text);
  return { jobId: job.JobId!, url: job.PreSignedUrl! };
}

export async function startJob(sdk: CognitoIdentityProviderClient, poolId: string, jobId: string): Promise<void> {
  await sdk.send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: jobId }));
}

export async function describeJob(sdk: CognitoIdentityProviderClient, poolId: string, jobId: string): Promise<UserImportJobType> {
  return (await sdk.send(new DescribeUserImportJobCommand({ UserPoolId: poolId, JobId: jobId }))).UserImportJob!;
}

/** Polls until ok() holds; throws with what was last seen after timeoutMs. */
export async function until<T>(what: string, probe: () => Promise<T> | T, ok: (v: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`${what}: still ${JSON.stringify(v)} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export async function waitForJob(sdk: CognitoIdentityProviderClient, poolId: string, jobId: string, timeoutMs = 30_000): Promise<UserImportJobType> {
  return until(`job ${jobId}`, () => describeJob(sdk, poolId, jobId), (j) => TERMINAL.has(j.Status!), timeoutMs);
}
