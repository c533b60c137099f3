// Import jobs driven through the API, for tests that need users in a pool or a job at a given
// point: create and upload, start, wait until a condition holds (never a fixed sleep), read the
// job's log; or all of it at once, as a user runs a job (runImport).
import assert from 'node:assert/strict';
import {
  CognitoIdentityProviderClient, CreateUserImportJobCommand, CreateUserPoolCommand, DescribeUserImportJobCommand,
  StartUserImportJobCommand, type PasswordHashingAlgorithmType, type UserImportJobType,
} from '@aws-sdk/client-cognito-identity-provider';
import { GetLogEventsCommand, type CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { ROLE_ARN } from './server';
import { uploadCsv } from './upload';

export const TERMINAL = new Set(['Succeeded', 'Failed', 'Stopped', 'Expired']);

export async function newPool(sdk: CognitoIdentityProviderClient, name = 'pool'): Promise<string> {
  const r = await sdk.send(new CreateUserPoolCommand({ PoolName: name, AutoVerifiedAttributes: ['email'] }));
  return r.UserPool!.Id!;
}

/** A Created job with the body uploaded to its PreSignedUrl. */
export async function uploadedJob(
  sdk: CognitoIdentityProviderClient, poolId: string, body: string | Buffer, jobName = 'job', algorithm?: PasswordHashingAlgorithmType,
): Promise<{ jobId: string; url: string }> {
  const job = (await sdk.send(new CreateUserImportJobCommand({
    UserPoolId: poolId, JobName: jobName, CloudWatchLogsRoleArn: ROLE_ARN, PasswordHashingAlgorithm: algorithm,
  }))).UserImportJob!;
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

/** A job's log stream, oldest first, every page of it ([] when the job wrote none). */
export async function jobLogLines(logs: CloudWatchLogsClient, poolId: string, poolName: string, jobId: string, jobName: string): Promise<string[]> {
  const lines: string[] = [];
  for (let nextToken: string | undefined, previous: string | undefined; ;) {
    const page = await logs.send(new GetLogEventsCommand({
      logGroupName: `/aws/cognito/userpools/${poolId}/${poolName}`, logStreamName: `${jobId}/${jobName}`, startFromHead: true, nextToken,
    })).catch((e: { name?: string }) => {
      if (e.name === 'ResourceNotFoundException') return { events: [], nextForwardToken: undefined };
      throw e;
    });
    lines.push(...page.events!.map((e) => e.message!));
    // The end of the stream: the same forward token again (CloudWatch Logs' GetLogEvents).
    previous = nextToken;
    nextToken = page.nextForwardToken;
    if (!nextToken || nextToken === previous || !page.events!.length) return lines;
  }
}

export interface ImportRun {
  poolId: string;
  /** The pool's name, for its log group. */
  poolName: string;
  jobName: string;
  body: string | Buffer;
  algorithm?: PasswordHashingAlgorithmType;
}

/** One job as a user runs it: create, upload, start, wait for its end; then its log, oldest first. */
export async function runImport(
  sdk: CognitoIdentityProviderClient, logs: CloudWatchLogsClient, r: ImportRun,
): Promise<{ job: UserImportJobType; lines: string[] }> {
  const { jobId } = await uploadedJob(sdk, r.poolId, r.body, r.jobName, r.algorithm);
  await startJob(sdk, r.poolId, jobId);
  const job = await waitForJob(sdk, r.poolId, jobId);
  return { job, lines: await jobLogLines(logs, r.poolId, r.poolName, jobId, r.jobName) };
}
