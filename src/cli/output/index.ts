// PLACEHOLDER renderer (JSON only) until the output formats land (issue 4, scope 3).
import type { RenderOptions } from '../types';

export function render(value: unknown, opts: RenderOptions): string {
  if (opts.format === 'off') return '';
  return JSON.stringify(value, null, 4) + '\n';
}
