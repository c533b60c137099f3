// Contracts between the parts of the `cognito-import` command line (spec section 7).
// main.ts parses global options and dispatches; config.ts resolves settings the way the aws
// CLI does; flags.ts turns a command's argv into a typed request from the model; output/
// renders an answer; commands/ holds the commands that are not one API call.
import type { ShapeTable, OperationShape } from '../api/shapes';

export type OutputFormat = 'json' | 'yaml' | 'yaml-stream' | 'text' | 'table' | 'off';
export type TimestampFormat = 'iso8601' | 'wire';

/** Options the aws CLI accepts anywhere on the command line. */
export interface GlobalOptions {
  endpointUrl?: string;
  region?: string;
  profile?: string;
  output?: OutputFormat;
  query?: string;
  noSignRequest?: boolean;
  debug?: boolean;
  cliReadTimeout?: number;
  cliConnectTimeout?: number;
  noCliPager?: boolean;
  color?: 'on' | 'off' | 'auto';
}

/** What a command runs with, after flags, environment, ~/.aws/config and ~/.aws/credentials. */
export interface ResolvedSettings {
  region: string;
  /** Where requests go: --endpoint-url, AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, the profile's endpoint_url, else our local server. */
  endpoint: string;
  /** Undefined with --no-sign-request. */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  output: OutputFormat;
  query?: string;
  timestampFormat: TimestampFormat;
  debug: boolean;
  color: boolean;
  readTimeoutMs?: number;
  connectTimeoutMs?: number;
  /** The profile in use, when one was named (--profile or AWS_PROFILE); the SDK's own chain gets it when no static key was found. */
  profile?: string;
  /** --no-sign-request: requests go out unsigned. */
  unsigned?: boolean;
  /** Attempts per call, retries included (AWS_MAX_ATTEMPTS, max_attempts; 3 as the aws CLI v2). */
  maxAttempts?: number;
  /** --no-verify-ssl. */
  noVerifySsl?: boolean;
  /** --ca-bundle, AWS_CA_BUNDLE or ca_bundle: a PEM file of trusted roots. */
  caBundle?: string;
}

/** One AWS service the command line speaks, from the generated model tables. */
export interface CliService {
  /** `cognito-idp` or `logs`, as the aws CLI names them. */
  name: string;
  /** Used for AWS_ENDPOINT_URL_<KEY>, e.g. COGNITO_IDENTITY_PROVIDER, CLOUDWATCH_LOGS. */
  endpointEnvKey: string;
  shapes: ShapeTable;
  operations: Record<string, OperationShape>;
}

export interface RenderOptions {
  format: OutputFormat;
  query?: string;
  timestampFormat: TimestampFormat;
  color: boolean;
  shapes: ShapeTable;
  /** The operation's output shape: keys come out in model order, unknown members dropped. */
  outputShape: string;
  /** e.g. DescribeUserImportJob: table titles and text-format row names derive from it. */
  operationName: string;
}

/** Where a command writes; tests pass their own. */
export interface Io {
  stdout: (s: string) => void;
  /** Bytes as they are, for output that is a file's own (failed-rows); without it, stdout gets them decoded as UTF-8. */
  stdoutBytes?: (b: Buffer) => void;
  stderr: (s: string) => void;
  isTTY: boolean;
}
