// The command line's failures and the one place that turns them into stderr text and an exit
// code, as the aws CLI version 2 does: 252 bad syntax, 253 bad configuration, 254 the service
// answered with an error, 255 anything else. Every message is written as "\n<message>\n".

export const EXIT = { ok: 0, usage: 252, config: 253, service: 254, other: 255 } as const;

const HELP_BLURB = 'To see help text, you can run:\n\n'
  + '  cognito-import help\n  cognito-import <command> help\n  cognito-import <command> <subcommand> help\n';
export const USAGE = `cognito-import [options] <command> <subcommand> [<subcommand> ...] [parameters]\n${HELP_BLURB}`;

/** argparse-level failures: a missing required flag, a flag without its value, a bad choice. */
export class ArgParseError extends Error {
  constructor(message: string) {
    super(`usage: ${USAGE}\ncognito-import: error: ${message}\n`);
  }
}

/** Flags nobody knows: printed after the usage text, as the aws CLI does. */
export class UnknownArgumentError extends Error {
  constructor(remaining: string[]) {
    super(`usage: ${USAGE}\nUnknown options: ${remaining.join(', ')}\n`);
  }
}

/** A flag's value could not be parsed: `Error parsing parameter '--x': why`. */
export class ParamError extends Error {
  constructor(readonly cliName: string, readonly reason: string) {
    super(`Error parsing parameter '${cliName}': ${reason}`);
  }
}

/** Other input problems found before anything is sent (client-side validation, --cli-input-*). */
export class ParamValidationError extends Error {}

export class ConfigurationError extends Error {}

/** The service answered with an error. */
export class CliServiceError extends Error {
  constructor(readonly code: string, readonly operation: string, readonly serviceMessage: string, retries = 0) {
    super(`An error occurred (${code}) when calling the ${operation} operation${retries > 0 ? ` (reached max retries: ${retries})` : ''}: ${serviceMessage}`);
  }
}

export function exitCodeFor(e: unknown): number {
  if (e instanceof ArgParseError || e instanceof UnknownArgumentError || e instanceof ParamError || e instanceof ParamValidationError) return EXIT.usage;
  if (e instanceof ConfigurationError) return EXIT.config;
  if (e instanceof CliServiceError) return EXIT.service;
  return EXIT.other;
}

/** The one place an error becomes text on stderr and an exit code. */
export function reportError(e: unknown, stderr: (s: string) => void): number {
  const message = e instanceof Error ? e.message : String(e);
  const code = exitCodeFor(e);
  if (code === EXIT.other && process.env.COGNITO_IMPORT_TRACE && e instanceof Error && e.stack) stderr(`${e.stack}\n`);
  stderr(`\n${message}\n`);
  return code;
}
