// Rendering an answer the way the aws CLI prints it (spec section 7), in three steps
// as aws-cli's formatters do: (1) the SDK v3 output back to the parsed wire value, keys in
// model order, timestamps per cli_timestamp_format (wire.ts); (2) --query (JMESPath) on that
// value; (3) the format: json, text, table, yaml, yaml-stream or off.
//
// Not done here: pagination. aws merges pages for json/table/yaml (build_full_result: the
// result keys, then NextToken when it stopped early) but prints text and yaml-stream page by
// page, applying --query to each page; a caller with several pages renders each (text,
// yaml-stream) or the merged value (others).
import * as jmespath from 'jmespath';
import type { RenderOptions } from '../types';
import { toCliValue } from './wire';
import { renderJson } from './json';
import { renderText } from './text';
import { renderTable } from './table';
import { renderYaml, renderYamlStream } from './yaml';

export interface RenderExtras {
  /**
   * Columns of the terminal for `table` (aws reads them from stdout with TIOCGWINSZ and uses 80
   * when stdout is not a terminal). Defaults to process.stdout's columns on a TTY, else 80.
   */
  terminalWidth?: number;
}

export function render(value: unknown, opts: RenderOptions & RenderExtras): string {
  if (opts.format === 'off') return '';
  let v: unknown = toCliValue(opts.shapes, opts.outputShape, value, opts.timestampFormat) ?? {};
  if (opts.query !== undefined) v = jmespath.search(v, opts.query) as unknown;
  switch (opts.format) {
    case 'json': return renderJson(v);
    case 'text': return renderText(v);
    case 'table': return renderTable(v, opts.operationName, opts.terminalWidth ?? defaultWidth(), opts.color);
    case 'yaml': return renderYaml(v);
    case 'yaml-stream': return renderYamlStream(v);
    default: return renderJson(v);
  }
}

function defaultWidth(): number {
  return process.stdout.isTTY && process.stdout.columns ? process.stdout.columns : 80;
}

/** Throws jmespath's ParserError for an expression that does not parse (aws rejects it before calling). */
export function checkQuery(query: string): void {
  (jmespath as unknown as { compile(q: string): unknown }).compile(query);
}
