// The shape descriptors the generator writes (scripts/codegen.ts) and the validator and
// encoder read. Kept tiny: only what input validation and output ordering need.

export type Range = { min?: number; max?: number };

export type Shape =
  | { type: 'structure'; members: Member[] }
  | { type: 'union'; members: Member[] }
  | { type: 'list'; member: string; length?: Range }
  | { type: 'map'; key: string; value: string; length?: Range }
  /** pattern: the model's, as messages print it; regex: its JavaScript source for the 'u' flag, whole value. */
  | { type: 'string'; length?: Range; pattern?: string; regex?: string; sensitive?: true }
  | { type: 'enum'; values: string[]; sensitive?: true }
  | { type: 'integer' | 'long' | 'double' | 'float'; range?: Range }
  | { type: 'boolean' | 'timestamp' | 'blob' | 'document' };

/** [wire name, target shape, required] in model order. */
export type Member = [name: string, target: string, required: boolean];

export type ShapeTable = Record<string, Shape>;

export interface OperationShape {
  input: string;
  output: string;
  errors: readonly string[];
  /** Called without a SigV4 signature (the model's empty `smithy.api#auth`): the public sign-in calls. */
  unsigned?: true;
}
