// --generate-cli-skeleton: the input every member of the operation can take with an empty
// value ("" strings, 0 numbers, true booleans, one element in each list, a KeyName entry in
// each map), as botocore's ArgumentGenerator writes it, so the JSON equals the aws CLI's byte
// for byte. One deliberate difference: an enum gets its first value where botocore picks one
// at random, so the output is the same on every run.
import type { ShapeTable } from '../api/shapes';

// Python writes a float zero as 0.0; JSON.stringify would write 0.
const FLOAT_ZERO = '\u0000float-zero\u0000';

export function generateSkeleton(shapeName: string, shapes: ShapeTable, useMemberNames = false): unknown {
  return plainZeros(gen(shapeName, shapes, [], '', useMemberNames));
}

function plainZeros(v: unknown): unknown {
  if (v === FLOAT_ZERO) return 0;
  if (Array.isArray(v)) return v.map(plainZeros);
  if (v && typeof v === 'object' && !(v instanceof Date)) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plainZeros(x)]));
  }
  return v;
}

function gen(shapeName: string, shapes: ShapeTable, stack: string[], name: string, names: boolean): unknown {
  const shape = shapes[shapeName];
  if (!shape) return null;
  stack.push(shapeName);
  try {
    switch (shape.type) {
      case 'structure': case 'union': {
        if (stack.filter((s) => s === shapeName).length > 1) return {};
        const out: Record<string, unknown> = {};
        for (const [member, target] of shape.members) out[member] = gen(target, shapes, stack, member, names);
        return out;
      }
      case 'list':
        return [gen(shape.member, shapes, stack, names ? shape.member : '', names)];
      case 'map':
        return { KeyName: gen(shape.value, shapes, stack, '', names) };
      case 'string':
        return names ? name : '';
      case 'enum':
        return names ? name : shape.values[0];
      case 'integer': case 'long':
        return 0;
      case 'double': case 'float':
        return FLOAT_ZERO;
      case 'boolean':
        return true;
      case 'timestamp':
        return names ? new Date(0) : '1970-01-01T00:00:00';
      default:
        return null;
    }
  } finally {
    stack.pop();
  }
}

/** The JSON skeleton, 4-space indented as Python's json.dumps(indent=4) writes it. */
export function jsonSkeleton(shapeName: string, shapes: ShapeTable): string {
  return `${JSON.stringify(gen(shapeName, shapes, [], '', false), null, 4).split(JSON.stringify(FLOAT_ZERO)).join('0.0')}\n`;
}

/** The YAML skeleton, each member marked [REQUIRED] where it is and with its enum values. */
export function yamlSkeleton(shapeName: string, shapes: ShapeTable): string {
  const YAML = require('yaml') as typeof import('yaml');
  const doc = new YAML.Document(generateSkeleton(shapeName, shapes));
  annotate(doc.contents, shapeName, shapes, YAML, []);
  return doc.toString({ lineWidth: 0 });
}

function annotate(node: unknown, shapeName: string, shapes: ShapeTable, YAML: typeof import('yaml'), stack: string[]): void {
  const shape = shapes[shapeName];
  if (!shape || stack.filter((s) => s === shapeName).length > 1) return;
  stack.push(shapeName);
  if ((shape.type === 'structure' || shape.type === 'union') && YAML.isMap(node)) {
    for (const [member, target, required] of shape.members) {
      const pair = node.items.find((p) => YAML.isScalar(p.key) && p.key.value === member);
      if (!pair) continue;
      const t = shapes[target];
      const notes = [required ? '[REQUIRED]' : '', t?.type === 'enum' ? `Valid values are: ${t.values.join(', ')}.` : ''].filter(Boolean).join(' ');
      if (notes) {
        if (YAML.isScalar(pair.value)) pair.value.comment = ` ${notes}`;
        else if (YAML.isScalar(pair.key)) pair.key.commentBefore = ` ${notes}`;
      }
      annotate(pair.value, target, shapes, YAML, stack);
    }
  } else if (shape.type === 'list' && YAML.isSeq(node)) {
    for (const item of node.items) annotate(item, shape.member, shapes, YAML, stack);
  }
  stack.pop();
}
