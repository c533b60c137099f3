// A command's flags come from its operation's input shape (member UserPoolId -> --user-pool-id,
// required members required), plus what the aws CLI adds to every command: --cli-input-json,
// --cli-input-yaml, --generate-cli-skeleton and, for paginated operations, --starting-token,
// --page-size and --max-items. parseCommand turns argv into the request, in the aws CLI's
// order: argparse errors (a missing value, a bad choice, missing required flags), then unknown
// options, then each value's syntax, then --cli-input-* (flags win), then botocore's checks.
import type { ShapeTable } from '../api/shapes';
import type { CliService } from './types';
import type { Paginator } from './services';
import { ArgParseError, ParamError, ParamValidationError, UnknownArgumentError } from './errors';
import { xformName } from './names';
import { normalize, unpackFlag } from './values';
import { validateParams } from './validate';
import { readParamFile, ParamFileError } from './paramfile';

export type FlagKind = 'value' | 'list' | 'boolean';

export interface FlagSpec {
  cliName: string;
  /** The input member it sets; undefined for the flags the CLI adds. */
  member?: string;
  target?: string;
  kind: FlagKind;
  required: boolean;
  /** Paging members the aws CLI keeps working but leaves out of help. */
  hidden?: boolean;
}

export type SkeletonKind = 'input' | 'yaml-input' | 'output';
const SKELETON_CHOICES: SkeletonKind[] = ['input', 'output', 'yaml-input'];

export interface ParsedCommand {
  operation: string;
  params: Record<string, unknown>;
  skeleton?: SkeletonKind;
  help?: boolean;
  paging: { startingToken?: string; pageSize?: number; maxItems?: number };
  /** A paging member was set by hand (flag or --cli-input-*): the aws CLI then makes one call. */
  manualPaging: boolean;
}

export function argTable(service: CliService, operation: string, paginator?: Paginator): FlagSpec[] {
  const input = service.shapes[service.operations[operation].input];
  const flags: FlagSpec[] = [];
  const members = input && input.type === 'structure' ? input.members : [];
  const pagingMembers = new Set(paginator ? [paginator.inputToken, paginator.limitKey].filter(Boolean) : []);
  for (const [member, target, required] of members) {
    const shape = service.shapes[target];
    const kind: FlagKind = shape.type === 'boolean' ? 'boolean' : shape.type === 'list' ? 'list' : 'value';
    flags.push({ cliName: `--${xformName(member)}`, member, target, kind, required, hidden: pagingMembers.has(member) || undefined });
  }
  flags.push({ cliName: '--cli-input-json', kind: 'value', required: false });
  flags.push({ cliName: '--cli-input-yaml', kind: 'value', required: false });
  if (paginator) {
    flags.push({ cliName: '--starting-token', kind: 'value', required: false });
    if (paginator.limitKey) flags.push({ cliName: '--page-size', kind: 'value', required: false });
    flags.push({ cliName: '--max-items', kind: 'value', required: false });
  }
  flags.push({ cliName: '--generate-cli-skeleton', kind: 'value', required: false });
  return flags;
}

interface OptionName {
  name: string;
  flag: FlagSpec;
  negated?: boolean;
}

function optionNames(flags: FlagSpec[]): OptionName[] {
  const names: OptionName[] = [];
  for (const flag of flags) {
    names.push({ name: flag.cliName, flag });
    if (flag.kind === 'boolean') names.push({ name: `--no-${flag.cliName.slice(2)}`, flag, negated: true });
  }
  return names;
}

/** A word argparse takes for an option rather than a value ('-5' and '-' are values). */
const looksLikeOption = (w: string): boolean => w.startsWith('-') && w !== '-' && !/^-\d+$|^-\d*\.\d+$/.test(w);

function resolveOption(token: string, names: OptionName[]): OptionName | undefined {
  const exact = names.find((n) => n.name === token);
  if (exact) return exact;
  // argparse accepts any unambiguous prefix of a long option.
  const matches = names.filter((n) => n.name.startsWith(token));
  if (matches.length > 1) throw new ArgParseError(`ambiguous option: ${token} could match ${matches.map((m) => m.name).join(', ')}`);
  return matches[0];
}

type Raw = Map<FlagSpec, { value: string | string[] | boolean }>;

function scan(argv: string[], names: OptionName[]): { raw: Raw; remaining: string[] } {
  const raw: Raw = new Map();
  const remaining: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    if (!token.startsWith('--') || token === '--') {
      remaining.push(token);
      continue;
    }
    const eq = token.indexOf('=');
    const name = eq > 0 ? token.slice(0, eq) : token;
    const inline = eq > 0 ? token.slice(eq + 1) : undefined;
    const opt = resolveOption(name, names);
    if (!opt) {
      remaining.push(token);
      continue;
    }
    const { flag } = opt;
    if (flag.kind === 'boolean') {
      if (inline !== undefined) throw new ArgParseError(`argument ${opt.name}: ignored explicit argument '${inline}'`);
      raw.set(flag, { value: !opt.negated });
    } else if (flag.cliName === '--generate-cli-skeleton') {
      let v = inline;
      if (v === undefined && argv[i + 1] !== undefined && !looksLikeOption(argv[i + 1])) v = argv[++i];
      v ??= 'input';
      if (!(SKELETON_CHOICES as string[]).includes(v)) {
        throw new ArgParseError(`argument --generate-cli-skeleton: Invalid choice, valid choices are:\n\n${SKELETON_CHOICES.join(' | ')}`);
      }
      raw.set(flag, { value: v });
    } else if (flag.kind === 'list') {
      const values: string[] = inline !== undefined ? [inline] : [];
      if (inline === undefined) while (argv[i + 1] !== undefined && !looksLikeOption(argv[i + 1])) values.push(argv[++i]);
      raw.set(flag, { value: values });
    } else {
      let v = inline;
      if (v === undefined) {
        if (argv[i + 1] === undefined || looksLikeOption(argv[i + 1])) throw new ArgParseError(`argument ${flag.cliName}: expected one argument`);
        v = argv[++i];
      }
      raw.set(flag, { value: v });
    }
  }
  return { raw, remaining };
}

function int(cliName: string, v: string): number {
  if (!/^[-+]?\d+$/.test(v.trim())) throw new ParamError(cliName, `expected an integer, received '${v}'`);
  return Number(v);
}

function loadCliInput(cliName: string, value: string): Record<string, unknown> {
  let text: string;
  try {
    const loaded = readParamFile(value);
    text = loaded === undefined ? value : typeof loaded === 'string' ? loaded : loaded.toString('utf8');
  } catch (e) {
    if (e instanceof ParamFileError) throw new ParamError(cliName, e.message);
    throw e;
  }
  let doc: unknown;
  if (cliName === '--cli-input-json') {
    try {
      doc = JSON.parse(text);
    } catch {
      throw new ParamError('cli-input-json', 'Invalid JSON received.');
    }
  } else {
    try {
      doc = (require('yaml') as typeof import('yaml')).parse(text);
    } catch {
      throw new ParamError('cli-input-yaml', 'Invalid YAML received.');
    }
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new ParamError(cliName, `Invalid type: expecting map, received ${Array.isArray(doc) ? "<class 'list'>" : typeof doc === 'string' ? "<class 'str'>" : typeof doc}`);
  }
  return doc as Record<string, unknown>;
}

export function parseCommand(argv: string[], service: CliService, operation: string, paginator?: Paginator): ParsedCommand {
  const empty = { operation, params: {}, paging: {}, manualPaging: false };
  if (argv.length === 1 && argv[0] === 'help') return { ...empty, help: true };
  const flags = argTable(service, operation, paginator);
  const { raw, remaining } = scan(argv, optionNames(flags));
  const byName = new Map(flags.map((f) => [f.cliName, f]));
  const get = (name: string): string | undefined => {
    const f = byName.get(name);
    const r = f ? raw.get(f) : undefined;
    return r ? (r.value as string) : undefined;
  };
  const skeleton = get('--generate-cli-skeleton') as SkeletonKind | undefined;
  const cliInputJson = get('--cli-input-json');
  const cliInputYaml = get('--cli-input-yaml');
  // The skeleton (but for `output`) and --cli-input-* make every flag optional, as in the aws CLI.
  const requiredOff = (skeleton !== undefined && skeleton !== 'output') || cliInputJson !== undefined || cliInputYaml !== undefined;
  if (!requiredOff) {
    const missing = flags.filter((f) => f.required && !raw.has(f)).map((f) => f.cliName);
    if (missing.length) throw new ArgParseError(`the following arguments are required: ${missing.join(', ')}`);
  }
  if (remaining.length === 1 && remaining[0] === 'help') return { ...empty, help: true };
  if (remaining.length) throw new UnknownArgumentError(remaining);

  const { shapes } = service;
  const params: Record<string, unknown> = {};
  for (const flag of flags) {
    const r = raw.get(flag);
    if (!r || !flag.member || !flag.target) continue;
    params[flag.member] = typeof r.value === 'boolean' ? r.value : unpackFlag(flag.cliName, flag.target, shapes, r.value);
  }
  const paging: ParsedCommand['paging'] = {};
  const st = get('--starting-token');
  if (st !== undefined) paging.startingToken = st;
  const ps = get('--page-size');
  if (ps !== undefined) paging.pageSize = int('--page-size', ps);
  const mi = get('--max-items');
  if (mi !== undefined) paging.maxItems = int('--max-items', mi);

  if (cliInputJson !== undefined && cliInputYaml !== undefined) throw new ParamValidationError('Only one --cli-input- parameter may be specified.');
  const inputName = cliInputJson !== undefined ? '--cli-input-json' : '--cli-input-yaml';
  const inputValue = cliInputJson ?? cliInputYaml;
  if (inputValue !== undefined && skeleton !== 'input' && skeleton !== 'yaml-input') {
    const doc = loadCliInput(inputName, inputValue);
    const inputShape = service.operations[operation].input;
    const members = new Map((shapes[inputShape] as { members?: [string, string, boolean][] }).members?.map((m) => [m[0], m[1]]) ?? []);
    for (const [k, v] of Object.entries(doc)) {
      if (k in params) continue; // flags on the line win
      params[k] = members.has(k) ? normalize(v, members.get(k) as string, shapes, inputName) : v;
    }
  }
  const manualPaging = paginator !== undefined
    && [paginator.inputToken, paginator.limitKey].some((k) => k !== undefined && k in params);
  return { operation, params, skeleton, paging, manualPaging };
}

/** botocore's checks on the final request; an error lists every problem found. */
export function checkParams(params: Record<string, unknown>, inputShape: string, shapes: ShapeTable): void {
  const errors = validateParams(params, inputShape, shapes);
  if (errors.length) throw new ParamValidationError(`Parameter validation failed:\n${errors.join('\n')}`);
}
