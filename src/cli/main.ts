// The cognito-import command: global options anywhere on the line, then `<service> <command>`
// as the aws CLI takes them, or one of our own commands (serve, import-users, failed-rows, outbox, signing-keys). Thin: each part
// is loaded only when the line needs it, so `--version` and a describe call start fast.
// Every failure ends in reportError (errors.ts), the one place that picks the exit code.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXIT, ArgParseError, reportError } from './errors';
import { invalidChoice } from './choices';
import type { Io } from './types';

export { EXIT } from './errors';

// The SDK warns on stderr about Node versions it will stop supporting; our output is the aws CLI's.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const processIo: Io = {
  stdout: (s) => { process.stdout.write(s); },
  stdoutBytes: (b) => { process.stdout.write(b); },
  stderr: (s) => { process.stderr.write(s); },
  isTTY: Boolean(process.stdout.isTTY),
};

const SERVICE_NAMES = ['cognito-idp', 'logs'];
const OWN_COMMANDS = ['import-users', 'failed-rows', 'outbox', 'serve', 'signing-keys', 'help'];

function version(): string {
  const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { version: string };
  return `cognito-import ${pkg.version} node/${process.versions.node}\n`;
}

export async function main(argv: string[], io: Io = processIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  try {
    // `serve` keeps its own flags (cognito-import serve --help).
    if (argv[0] === 'serve') {
      const rest = argv.slice(1);
      if (rest.includes('--help') || rest.includes('-h')) {
        const { serveUsage } = await import('../serveUsage');
        io.stdout(serveUsage() + '\n');
        return EXIT.ok;
      }
      return await (await import('./serve')).serve(rest, env);
    }
    // Like serve, it works on the server's database and keeps its own flags.
    if (argv[0] === 'signing-keys') return await (await import('./commands/signingKeys')).signingKeys(argv.slice(1), io, env);
    const { parseGlobals } = await import('./globals');
    const { globals, rest } = parseGlobals(argv);
    if (globals.version || rest[0] === 'version') {
      io.stdout(version());
      return EXIT.ok;
    }
    const [command, ...args] = rest;
    if (command === undefined) throw new ArgParseError('the following arguments are required: command');
    if (command === 'help' || command === '--help' || command === '-h') {
      io.stdout((await import('./help')).topHelp(SERVICE_NAMES));
      return EXIT.ok;
    }
    if (command === 'import-users') {
      const { resolveSettings, DEFAULT_ENDPOINT } = await import('./config');
      const asksHelp = args.includes('--help') || args.includes('-h');
      // Its usage text needs no configuration: --help works before a region is set up.
      const settings = await resolveSettings({ globals, endpointEnvKey: 'COGNITO_IDENTITY_PROVIDER', env, isTTY: io.isTTY })
        .catch((e: unknown) => {
          if (!asksHelp) throw e;
          return { region: 'us-east-1', endpoint: DEFAULT_ENDPOINT, output: 'json' as const, timestampFormat: 'iso8601' as const, debug: false, color: false };
        });
      // Loaded by path so this file builds before commands/importUsers.ts exists.
      const modulePath = './commands/importUsers';
      const mod = (await import(modulePath)) as { importUsers(argv: string[], settings: unknown, io: Io): Promise<number> };
      return await mod.importUsers(args, settings, io);
    }
    if (command === 'failed-rows') {
      const { resolveSettings } = await import('./config');
      // Settings only once the line is read: its usage text needs no configuration.
      return await (await import('./commands/failedRows')).failedRows(args, io,
        () => resolveSettings({ globals, endpointEnvKey: 'COGNITO_IDENTITY_PROVIDER', env, isTTY: io.isTTY }));
    }
    if (command === 'outbox') {
      // Reads the local data dir's outbox folder: no settings, no request.
      return await (await import('./commands/outbox')).outbox(args, globals, io, env);
    }
    if (SERVICE_NAMES.includes(command)) {
      return await (await import('./runService')).runService(command, args, globals, io, env);
    }
    throw invalidChoice('command', command, [...SERVICE_NAMES, ...OWN_COMMANDS]);
  } catch (e) {
    return reportError(e, io.stderr);
  }
}
