// A job route's path parameters (and query), checked as the API checks DescribeUserImportJob's
// input, so a malformed id gets the same InvalidParameterException the API gives it.
import { shapes } from '../../api/generated/cognitoIdp';
import { validateInput } from '../../protocol/validate';
import { decodePiece, queryParams } from './common';

export function jobParams(segments: string[], query: string, allowed: readonly string[]): { poolId: string; jobId: string; query: Map<string, string> } {
  const poolId = decodePiece(segments[0], 'UserPoolId in the path');
  const jobId = decodePiece(segments[1], 'JobId in the path');
  validateInput(shapes, 'DescribeUserImportJobRequest', { UserPoolId: poolId, JobId: jobId });
  return { poolId, jobId, query: queryParams(query, allowed) };
}
