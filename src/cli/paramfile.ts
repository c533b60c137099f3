// `file://path` (text) and `fileb://path` (bytes) values, as the aws CLI version 2 reads them:
// `~` and $VARS in the path are expanded; remote URLs are not fetched (v2 no longer does).
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';

export class ParamFileError extends Error {}

function expandPath(p: string): string {
  let out = p.replace(/\$\{(\w+)\}|\$(\w+)/g, (m, a: string | undefined, b: string | undefined) => process.env[(a ?? b) as string] ?? m);
  if (out === '~' || out.startsWith('~/')) out = (process.env.HOME || homedir()) + out.slice(1);
  return out;
}

/** The file's content for a file:// or fileb:// value; undefined for any other value. */
export function readParamFile(value: string): string | Buffer | undefined {
  const prefix = value.startsWith('file://') ? 'file://' : value.startsWith('fileb://') ? 'fileb://' : undefined;
  if (!prefix) return undefined;
  const path = expandPath(value.slice(prefix.length));
  let data: Buffer;
  try {
    data = readFileSync(path);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why = err.code === 'ENOENT' ? `No such file or directory: '${path}'` : err.code === 'EISDIR' ? `Is a directory: '${path}'` : err.message;
    throw new ParamFileError(`Unable to load paramfile ${value}: ${why}`);
  }
  if (prefix === 'fileb://') return data;
  const text = new TextDecoder('utf-8', { fatal: true });
  try {
    return text.decode(data);
  } catch {
    throw new ParamFileError(`Unable to load paramfile (${value}), text contents could not be decoded. If this is a binary file, please use the fileb:// prefix instead of the file:// prefix.`);
  }
}
