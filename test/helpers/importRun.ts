// One import job through the API, start to end, as a user runs it: create, upload the body to the
// pre-signed URL, start, wait for a terminal status (no fixed sleep), then read the job's log.
import assert from 'node:assert/strict';
import {
  CreateUserImportJobCommand, DescribeUserImportJobCommand, StartUserImportJobCommand,
  type CognitoIdentityProviderClient, type PasswordHashingAlgorithmType, type UserImportJobType,
} from '@aws-sdk/client-cognito-identity-provider';
import { GetLogEventsCommand, type CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { ROLE_ARN } from './server';
import { uploadCsv } from './upload';

const TERMINAL = new Set(['Succeeded', 'Failed', 'Stopped', 'Expired']);

export interface ImportRun {
  poolId: string;
  /** The pool's name, for its log group. */
  poolName: string;
  jobName: string;
  body: string | Buffer;
  algorithm?: PasswordHashingAlgorithmType;
}

/** The job once it ended, and its log stream's messages, oldest first ([] when it wrote none). */
export async function runImport(
  sdk: CognitoIdentityProviderClient, logs: CloudWatchLogsClient, r: ImportRun,
): Promise<{ job: UserImportJobType; lines: string[] }> {
  const created = (await sdk.send(new CreateUserImportJobCommand({
    UserPoolId: r.poolId, JobName: r.jobName, CloudWatchLogsRoleArn: ROLE_ARN, PasswordHashingAlgorithm: r.algorithm,
  }))).UserImportJob!;
  assert.equal((await uploadCsv(created.PreSignedUrl!, r.body)).status, 200);
  await sdk.send(new StartUserImportJobCommand({ UserPoolId: r.poolId, JobId: created.JobId }));
  let job: UserImportJobType | undefined;
  for (const until = Date.now() + 30_000; !job;) {
    const j = (await sdk.send(new DescribeUserImportJobCommand({ UserPoolId: r.poolId, JobId: created.JobId }))).UserImportJob!;
    if (TERMINAL.has(j.Status!)) job = j;
    else if (Date.now() > until) throw new Error(`${r.jobName}: job still ${j.Status}`);
    else await new Promise((done) => setTimeout(done, 20));
  }
  const got = await logs.send(new GetLogEventsCommand({
    logGroupName: `/aws/cognito/userpools/${r.poolId}/${r.poolName}`, logStreamName: `${job.JobId}/${r.jobName}`, startFromHead: true,
  })).catch((e: { name?: string }) => {
    if (e.name === 'ResourceNotFoundException') return { events: [] };
    throw e;
  });
  return { job, lines: got.events!.map((e) => e.message!) };
}
