// `--output yaml` and `--output yaml-stream` (aws CLI v2 only; v1 has neither). v2's
// YAMLDumper sends a structure or list through ruamel.yaml's safe dumper (libyaml's emitter,
// ported in yamlEmit.ts) and a scalar through json.dumps, so `--query` of a string prints
// "foo" in double quotes. The safe representer sorts every mapping's keys: YAML output is in
// alphabetical key order, not model order (aws-cli tests/unit/output/test_yaml_output.py:
// `iam list-users --output yaml` prints Arn, CreateDate, Path, UserId, UserName).
// `yaml` prints nothing for an empty structure. `yaml-stream` (StreamedYAMLFormatter) prints
// each page as one item of a list: `- UserImportJob:` for a single answer.
import { isObj } from './py';
import { renderJson } from './json';
import { emitYaml } from './yamlEmit';

export function renderYaml(value: unknown): string {
  if (isObj(value) && Object.keys(value).length === 0) return '';
  if (Array.isArray(value) || isObj(value)) return emitYaml(value);
  return renderJson(value ?? null);
}

export function renderYamlStream(value: unknown): string {
  return emitYaml([value ?? null]);
}
