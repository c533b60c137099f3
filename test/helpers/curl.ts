// Uploads with the real curl binary, the way the Cognito guide tells users to:
//   curl -T users.csv -H "x-amz-server-side-encryption:aws:kms" "$PRE_SIGNED_URL"
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from './server';

export const SSE_HEADER = 'x-amz-server-side-encryption:aws:kms';

export interface CurlResult {
  /** curl's own exit code (0 unless the transfer itself failed). */
  exit: number;
  status: number;
  contentType: string;
  body: string;
  stderr: string;
}

/** `curl -sS -T file [-H sse] [...extra] URL`; status and Content-Type come from -w. */
export async function curlUpload(url: string, file: string, opts: { sse?: boolean; extra?: string[] } = {}): Promise<CurlResult> {
  const args = ['-sS', '-T', file, ...(opts.sse === false ? [] : ['-H', SSE_HEADER]), ...(opts.extra ?? []),
    '-w', '\n%{http_code}\n%{content_type}', url];
  const r = await run('curl', args);
  const ct = r.stdout.lastIndexOf('\n');
  const st = r.stdout.lastIndexOf('\n', ct - 1);
  return {
    exit: r.code, status: Number(r.stdout.slice(st + 1, ct)), contentType: r.stdout.slice(ct + 1),
    body: r.stdout.slice(0, st), stderr: r.stderr,
  };
}

/** Writes content to dir/name and returns the path. */
export function csvFile(dir: string, name: string, content: string | Buffer): string {
  const file = join(dir, name);
  writeFileSync(file, content);
  return file;
}

/** The child elements of an S3 <Error> document, entities decoded. */
export function s3ErrorFields(xml: string): Record<string, string> {
  const inner = /<Error>([\s\S]*)<\/Error>/.exec(xml)?.[1] ?? '';
  const out: Record<string, string> = {};
  for (const m of inner.matchAll(/<([A-Za-z][\w-]*)>([^<]*)<\/\1>/g)) {
    out[m[1]] = m[2].replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))
      .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
  }
  return out;
}
