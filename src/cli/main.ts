// The cognito-import command. Thin: argv -> a command, loaded lazily; one place maps errors to exit codes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const USAGE = `usage: cognito-import <command> [options]

commands:
  serve        run the server (cognito-import serve --help)
  --version    print the version`;

/** aws CLI v2 exit codes (spec section 7): 252 bad syntax, 253 bad configuration, 255 anything else. */
export const EXIT = { ok: 0, usage: 252, config: 253, service: 254, other: 255 } as const;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'serve':
        if (rest.includes('--help') || rest.includes('-h')) {
          const { SERVE_USAGE } = await import('../config');
          process.stdout.write(SERVE_USAGE + '\n');
          return EXIT.ok;
        }
        return await (await import('./serve')).serve(rest, process.env);
      case '--version': case 'version': {
        const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { version: string };
        process.stdout.write(`cognito-import ${pkg.version} node/${process.versions.node}\n`);
        return EXIT.ok;
      }
      case undefined: case '--help': case '-h': case 'help':
        process.stdout.write(USAGE + '\n');
        return command === undefined ? EXIT.usage : EXIT.ok;
      default:
        process.stderr.write(`cognito-import: unknown command '${command}'\n\n${USAGE}\n`);
        return EXIT.usage;
    }
  } catch (e) {
    const { ConfigError } = await import('../config');
    if (e instanceof ConfigError) {
      process.stderr.write(`cognito-import: ${e.message}\n`);
      return EXIT.config;
    }
    process.stderr.write(`cognito-import: ${e instanceof Error ? e.message : String(e)}\n`);
    return EXIT.other;
  }
}
