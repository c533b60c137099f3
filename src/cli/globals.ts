// Global options, taken from anywhere on the line as the aws CLI does (its main parser sees the
// whole line); what is left is `<service> <command> [flags]`.
import { ArgParseError } from './errors';
import type { GlobalOptions, OutputFormat } from './types';

export interface ParsedGlobals extends GlobalOptions {
  /** `--no-paginate`: one call, no --max-items/--starting-token. */
  noPaginate?: boolean;
  noVerifySsl?: boolean;
  caBundle?: string;
  version?: boolean;
}

const OUTPUTS: OutputFormat[] = ['json', 'yaml', 'yaml-stream', 'text', 'table', 'off'];
const COLORS = ['on', 'off', 'auto'] as const;

type Setter = (g: ParsedGlobals, v: string) => void;

const WITH_VALUE: Record<string, Setter> = {
  '--endpoint-url': (g, v) => { g.endpointUrl = v; },
  '--region': (g, v) => { g.region = v; },
  '--profile': (g, v) => { g.profile = v; },
  '--output': (g, v) => { g.output = choice('--output', v, OUTPUTS); },
  '--query': (g, v) => { g.query = v; },
  '--cli-read-timeout': (g, v) => { g.cliReadTimeout = seconds('--cli-read-timeout', v); },
  '--cli-connect-timeout': (g, v) => { g.cliConnectTimeout = seconds('--cli-connect-timeout', v); },
  '--color': (g, v) => { g.color = choice('--color', v, COLORS); },
  '--ca-bundle': (g, v) => { g.caBundle = v; },
  // Accepted for compatibility; nothing here depends on them.
  '--cli-binary-format': (_g, v) => { choice('--cli-binary-format', v, ['base64', 'raw-in-base64-out']); },
};

const FLAGS: Record<string, (g: ParsedGlobals) => void> = {
  '--debug': (g) => { g.debug = true; },
  '--no-sign-request': (g) => { g.noSignRequest = true; },
  '--no-cli-pager': (g) => { g.noCliPager = true; },
  '--no-paginate': (g) => { g.noPaginate = true; },
  '--no-verify-ssl': (g) => { g.noVerifySsl = true; },
  '--cli-auto-prompt': () => {},
  '--no-cli-auto-prompt': () => {},
};

function choice<T extends string>(flag: string, v: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(v)) {
    throw new ArgParseError(`argument ${flag}: Invalid choice, valid choices are:\n\n${allowed.join(' | ')}`);
  }
  return v as T;
}

function seconds(flag: string, v: string): number {
  if (!/^\d+$/.test(v)) throw new ArgParseError(`argument ${flag}: invalid int value: '${v}'`);
  return Number(v);
}

/** Splits argv into the global options and the rest, in order. */
export function parseGlobals(argv: string[]): { globals: ParsedGlobals; rest: string[] } {
  const globals: ParsedGlobals = {};
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    const eq = token.startsWith('--') ? token.indexOf('=') : -1;
    const name = eq > 0 ? token.slice(0, eq) : token;
    if (name in WITH_VALUE) {
      let value: string | undefined;
      if (eq > 0) value = token.slice(eq + 1);
      else {
        value = argv[i + 1];
        if (value === undefined || (value.startsWith('--') && value.length > 2)) throw new ArgParseError(`argument ${name}: expected one argument`);
        i++;
      }
      WITH_VALUE[name](globals, value);
    } else if (eq < 0 && name in FLAGS) {
      FLAGS[name](globals);
    } else if (token === '--version' && rest.length === 0) {
      globals.version = true;
    } else {
      rest.push(token);
    }
  }
  return { globals, rest };
}
