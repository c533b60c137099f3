// Generates src/api/generated/*.ts from the official Smithy JSON models in ../shared/models
// plus our deliberate deviations in model-patches.json. Only the operations we serve are
// emitted, with every shape they reach: descriptors for validation and output ordering,
// TypeScript types, the operation table and one class per modeled error.
// No documentation text is copied (the models stay in shared/). Each file's header carries the
// SHA-256 of its inputs and of its body, so a test that runs without the models still tells a
// hand-edited file, or a patch file changed without re-running the generator.
//
// Usage: node dist/scripts/codegen.js [modelsDir]   (default ../shared/models)
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { jsPattern } from './patternSource';

export interface SmithyShape {
  type: string;
  members?: Record<string, { target: string; traits?: Record<string, unknown> }>;
  member?: { target: string };
  key?: { target: string };
  value?: { target: string };
  traits?: Record<string, unknown>;
  operations?: { target: string }[];
  input?: { target: string };
  output?: { target: string };
  errors?: { target: string }[];
}

export { SERVICES, type ServiceSpec } from './served';
import { SERVICES, type ServiceSpec } from './served';

export interface Patch {
  model: string;
  reason: string;
  addShapes?: Record<string, SmithyShape>;
  addMembers?: Record<string, Record<string, { target: string; traits?: Record<string, unknown> }>>;
  /** Trait values replaced on a shape; `from` must be the model's value, so a model update that changes it is noticed. */
  replaceTraits?: Record<string, Record<string, { from: unknown; to: unknown }>>;
}

export interface Model {
  shapes: Record<string, SmithyShape>;
  /** The service's namespace with its '#': 'com.amazonaws.cognitoidentityprovider#'. */
  ns: string;
  serviceId: string;
}

const PRELUDE: Record<string, string> = {
  String: 'string', Boolean: 'boolean', PrimitiveBoolean: 'boolean', Integer: 'integer',
  PrimitiveInteger: 'integer', Long: 'long', PrimitiveLong: 'long', Double: 'double',
  Float: 'float', Timestamp: 'timestamp', Blob: 'blob', Document: 'document', Unit: 'structure',
};

const local = (id: string): string => id.slice(id.indexOf('#') + 1);

/** Coral prints the pattern without the anchors the Smithy models added later (spec section 1). */
export function displayPattern(p: string): string {
  let s = p.startsWith('^') ? p.slice(1) : p;
  if (s.endsWith('$') && !s.endsWith('\\$')) s = s.slice(0, -1);
  return s;
}

function rangeOf(t: Record<string, unknown> | undefined, key: string): { min?: number; max?: number } | undefined {
  const r = t?.[key] as { min?: number; max?: number } | undefined;
  if (!r) return undefined;
  const out: { min?: number; max?: number } = {};
  if (r.min !== undefined) out.min = Number(r.min);
  if (r.max !== undefined) out.max = Number(r.max);
  return out;
}

/** The model as the generator sees it: read from modelsDir, with model-patches.json applied. */
export function loadModel(spec: ServiceSpec, modelsDir: string, patches: Patch[]): Model {
  const model = JSON.parse(readFileSync(join(modelsDir, spec.file), 'utf8')) as { shapes: Record<string, SmithyShape> };
  const shapes = model.shapes;
  const serviceId = Object.keys(shapes).find((k) => shapes[k].type === 'service')!;
  const ns = serviceId.slice(0, serviceId.indexOf('#') + 1);
  for (const p of patches.filter((x) => x.model === spec.id)) {
    for (const [name, shape] of Object.entries(p.addShapes ?? {})) shapes[ns + name] = shape;
    for (const [struct, members] of Object.entries(p.addMembers ?? {})) {
      const target = shapes[ns + struct];
      if (!target?.members) throw new Error(`patch "${p.reason}": no structure ${struct}`);
      for (const [m, def] of Object.entries(members)) {
        target.members[m] = { target: def.target.includes('#') ? def.target : ns + def.target, traits: def.traits };
      }
    }
    for (const [name, traits] of Object.entries(p.replaceTraits ?? {})) {
      const target = shapes[ns + name];
      for (const [trait, { from, to }] of Object.entries(traits)) {
        if (JSON.stringify(target?.traits?.[trait]) !== JSON.stringify(from)) {
          throw new Error(`patch "${p.reason}": ${name} ${trait} is ${JSON.stringify(target?.traits?.[trait])}, not ${JSON.stringify(from)}: the model changed, review the patch`);
        }
        target.traits![trait] = to;
      }
    }
  }
  return { shapes, ns, serviceId };
}

export function generateBody(spec: ServiceSpec, modelsDir: string, patches: Patch[]): string {
  const { shapes, ns, serviceId } = loadModel(spec, modelsDir, patches);
  const service = shapes[serviceId];
  const targetPrefix = local(serviceId);
  const signingName = (service.traits?.['aws.auth#sigv4'] as { name: string }).name;

  const reached = new Map<string, SmithyShape>();
  const visit = (id: string): void => {
    const name = local(id);
    if (reached.has(name)) return;
    if (id.startsWith('smithy.api#')) {
      reached.set(name, { type: PRELUDE[name] ?? 'string' });
      return;
    }
    const s = shapes[id];
    if (!s) throw new Error(`unknown shape ${id}`);
    reached.set(name, s);
    for (const m of Object.values(s.members ?? {})) visit(m.target);
    if (s.member) visit(s.member.target);
    if (s.key) visit(s.key.target);
    if (s.value) visit(s.value.target);
  };

  const ops: string[] = [];
  const errorNames = new Set<string>();
  for (const opName of spec.served) {
    const op = shapes[ns + opName];
    if (!op || op.type !== 'operation') throw new Error(`${spec.id}: no operation ${opName}`);
    const input = op.input ? local(op.input.target) : 'Unit';
    const output = op.output ? local(op.output.target) : 'Unit';
    if (op.input) visit(op.input.target);
    if (op.output) visit(op.output.target);
    const errs = (op.errors ?? []).map((e) => local(e.target));
    errs.forEach((e) => { errorNames.add(e); visit(ns + e); });
    // `smithy.api#auth: []`: the operation is called without a signature (InitiateAuth and the
    // other public sign-in calls); the server then finds the pool from a client id or a token.
    const unsigned = Array.isArray(op.traits?.['smithy.api#auth']) && (op.traits['smithy.api#auth'] as unknown[]).length === 0;
    ops.push(`  ${opName}: { input: '${input}', output: '${output}', errors: ${JSON.stringify(errs)}${unsigned ? ', unsigned: true' : ''} },`);
  }
  if (!reached.has('Unit')) reached.set('Unit', { type: 'structure', members: {} });

  const names = [...reached.keys()].sort();
  const desc: string[] = [];
  const types: string[] = [];
  const tsType = (target: string): string => {
    const n = local(target);
    const s = reached.get(n)!;
    switch (s.type) {
      case 'string': return 'string';
      case 'integer': case 'long': case 'double': case 'float': case 'short': case 'byte': return 'number';
      case 'boolean': return 'boolean';
      case 'timestamp': return 'Date';
      case 'blob': return 'Uint8Array';
      case 'document': return 'unknown';
      default: return n;
    }
  };
  for (const n of names) {
    const s = reached.get(n)!;
    const t = s.traits;
    let d: Record<string, unknown>;
    switch (s.type) {
      case 'structure': case 'union': {
        // The validator reads members as src[name] from a JSON.parse object: a member named like an
        // Object.prototype property (constructor, toString...) would be found on the prototype.
        for (const m of Object.keys(s.members ?? {})) if (m in Object.prototype) throw new Error(`${n}.${m}: a member named like an Object.prototype property`);
        const members = Object.entries(s.members ?? {}).map(([m, def]) => [m, local(def.target), def.traits?.['smithy.api#required'] !== undefined]);
        d = { type: s.type, members };
        const fields = Object.entries(s.members ?? {}).map(([m, def]) => {
          const opt = s.type === 'union' || def.traits?.['smithy.api#required'] === undefined ? '?' : '';
          return `  ${m}${opt}: ${tsType(def.target)};`;
        });
        if (t?.['smithy.api#error'] === undefined) types.push(`export interface ${n} {\n${fields.join('\n')}\n}`);
        break;
      }
      case 'list': case 'set':
        d = { type: 'list', member: local(s.member!.target), length: rangeOf(t, 'smithy.api#length') };
        types.push(`export type ${n} = ${tsType(s.member!.target)}[];`);
        break;
      case 'map':
        d = { type: 'map', key: local(s.key!.target), value: local(s.value!.target), length: rangeOf(t, 'smithy.api#length') };
        types.push(`export type ${n} = Record<string, ${tsType(s.value!.target)}>;`);
        break;
      case 'enum': {
        const values = Object.entries(s.members ?? {}).map(([m, def]) => String(def.traits?.['smithy.api#enumValue'] ?? m));
        d = { type: 'enum', values };
        types.push(`export type ${n} = ${values.map((v) => JSON.stringify(v)).join(' | ')};`);
        break;
      }
      case 'string': {
        // Coral leaves sensitive values (passwords...) out of its messages: "Value at 'password' ...".
        const sensitive = t?.['smithy.api#sensitive'] !== undefined ? true : undefined;
        const enumTrait = t?.['smithy.api#enum'] as { value: string }[] | undefined;
        if (enumTrait) {
          d = { type: 'enum', values: enumTrait.map((e) => e.value) };
        } else {
          // pattern: as Coral prints it in messages; regex: what the validator runs (scripts/patternSource.ts).
          const pat = t?.['smithy.api#pattern'] as string | undefined;
          const shown = pat === undefined ? undefined : displayPattern(pat);
          d = { type: 'string', length: rangeOf(t, 'smithy.api#length'), pattern: shown, regex: shown === undefined ? undefined : jsPattern(shown), sensitive };
        }
        break;
      }
      case 'integer': case 'long': case 'double': case 'float': case 'short': case 'byte':
        d = { type: s.type === 'short' || s.type === 'byte' ? 'integer' : s.type, range: rangeOf(t, 'smithy.api#range') };
        break;
      default:
        d = { type: s.type };
    }
    desc.push(`  ${JSON.stringify(n)}: ${JSON.stringify(d)},`);
  }

  const errorClasses = [...errorNames].sort().map((e) => {
    const fault = (shapes[ns + e].traits?.['smithy.api#error'] as string) === 'server' ? 'server' : 'client';
    return `export class ${e} extends ServiceError {\n  constructor(message: string) {\n    super('${e}', '${fault}', message);\n  }\n}`;
  });

  const opTypes = spec.served.map((o) => {
    const op = shapes[ns + o];
    const i = op.input ? local(op.input.target) : 'Unit';
    const out = op.output ? local(op.output.target) : 'Unit';
    return `  ${o}: { input: ${i}; output: ${out} };`;
  });

  return [
    `/* eslint-disable */`,
    `import type { ShapeTable, OperationShape } from '../shapes';`,
    `import { ServiceError } from '../serviceError';`,
    ``,
    `export const service = { targetPrefix: '${targetPrefix}', signingName: '${signingName}' } as const;`,
    ``,
    `export const shapes: ShapeTable = {`,
    ...desc,
    `};`,
    ``,
    `export const operations = {`,
    ...ops,
    `} as const satisfies Record<string, OperationShape>;`,
    ``,
    `export type OperationName = keyof typeof operations;`,
    ``,
    `export interface OperationTypes {`,
    ...opTypes,
    `}`,
    ``,
    ...types.map((x) => x + '\n'),
    ...errorClasses.map((x) => x + '\n'),
  ].join('\n');
}

export const ROOT = resolve(__dirname, '..', '..');
export const DEFAULT_MODELS = findModels();

/**
 * shared/models beside the checkout; from a git worktree (/work/wt/<name>), beside the main
 * checkout it belongs to, so the generator and the tests that read the models work there too.
 */
function findModels(): string {
  const beside = join(ROOT, '..', 'shared', 'models');
  if (existsSync(beside)) return beside;
  try {
    const common = execFileSync('git', ['rev-parse', '--git-common-dir'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const main = join(dirname(resolve(ROOT, common)), '..', 'shared', 'models');
    if (existsSync(main)) return main;
  } catch {
    // not a git checkout: the models are where they are, or nowhere
  }
  return beside;
}

export const PATCHES_FILE = 'model-patches.json';

export function readPatches(text = readFileSync(join(ROOT, PATCHES_FILE), 'utf8')): Patch[] {
  return (JSON.parse(text) as { patches: Patch[] }).patches;
}

/** Hex SHA-256 of a text with CRLF read as LF, so a checkout that converts line ends changes nothing. */
export function sha256(text: string): string {
  return createHash('sha256').update(text.replace(/\r\n/g, '\n')).digest('hex');
}

/**
 * The generated file: the header, whose last line is the body's digest (`// sha256 body: ...`,
 * the body being everything after that line), then the body. The whole patch file is hashed,
 * not the patches of this service: simpler, and any edit to it means "run the generator".
 */
export function generate(spec: ServiceSpec, modelsDir: string): string {
  const patchesText = readFileSync(join(ROOT, PATCHES_FILE), 'utf8');
  const body = generateBody(spec, modelsDir, readPatches(patchesText));
  return [
    `// GENERATED by scripts/codegen.ts from ${spec.file} and ${PATCHES_FILE}. Do not edit:`,
    `// change the patch file or the generator and run \`npm run codegen\`.`,
    `// sha256 ${spec.file}: ${sha256(readFileSync(join(modelsDir, spec.file), 'utf8'))}`,
    `// sha256 ${PATCHES_FILE}: ${sha256(patchesText)}`,
    `// sha256 body: ${sha256(body)}`,
    body,
  ].join('\n');
}

function main(): void {
  const root = ROOT;
  const modelsDir = resolve(process.argv[2] ?? DEFAULT_MODELS);
  const outDir = join(root, 'src', 'api', 'generated');
  mkdirSync(outDir, { recursive: true });
  for (const spec of SERVICES) {
    writeFileSync(join(outDir, spec.out), generate(spec, modelsDir));
    console.log(`wrote src/api/generated/${spec.out}`);
  }
}

if (require.main === module) main();
