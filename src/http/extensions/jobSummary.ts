// GET /_cognito-import/v1/user-pools/{UserPoolId}/import-jobs/{JobId}: a job's status, counters
// and its file's row count (TotalRows), what a progress bar needs (docs/extensions.md).
import { jobSummary } from '../../extensions/jobs';
import { authenticate, sendJson, type ExtensionCall, type ExtensionDeps } from './common';
import { jobParams } from './jobParams';

export async function handleJobSummary(c: ExtensionCall, d: ExtensionDeps, segments: string[]): Promise<void> {
  const scope = await authenticate(c, d);
  const { poolId, jobId } = jobParams(segments, c.query, []);
  sendJson(c, 200, await jobSummary(d, scope, poolId, jobId), { 'Cache-Control': 'no-store' });
}
