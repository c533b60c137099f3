// GET/HEAD /console/: the web console's static files (docs/console.md), as scripts/buildConsole.ts
// wrote them into the package's dist/console/ folder. `/console` redirects to `/console/`, which
// is index.html; every other file is served by its exact name among the files the build wrote
// (read once, on the first request that finds them), so no path can reach outside the folder.
// The script and style sheet are named by a hash of their content: browsers keep them a year.
// index.html is checked each time (no-cache, with an ETag), so a new build is picked up at once.
// Every answer carries a Content-Security-Policy that allows this origin only: no inline script or
// style, no other host to connect to (the console calls this server's API, same origin, no CORS),
// but for one: with an S3 blob store, the bucket's origin, where the page PUTs a job's file
// (docs/console.md, "Uploads to S3").
import { createHash } from 'node:crypto';
import type { Dirent } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join } from 'node:path';
import { promisify } from 'node:util';
import { gzip as gzipCb } from 'node:zlib';

const gzip = promisify(gzipCb);

export const CONSOLE_PATH = '/console';

/** uploadOrigin: an origin (scheme://host[:port], nothing a CSP source could widen) or none. */
const securityHeaders = (uploadOrigin: string | undefined) => ({
  'Content-Security-Policy': "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
    + `connect-src 'self'${uploadOrigin ? ` ${uploadOrigin}` : ''}; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'`,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
});

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/** A file name the build writes: `console-<hash>.js`, `index.html`; nothing with a slash or `..`. */
const SAFE_NAME = /^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*$/;

interface ConsoleFile {
  body: Buffer;
  gzipped: Buffer;
  type: string;
  etag: string;
  cacheControl: string;
}

export interface ConsoleSite {
  /** The folder's files by name; undefined when the console was not built. Read on first use, again after a failure. */
  files(): Promise<Map<string, ConsoleFile> | undefined>;
  /** Where the page uploads a job's file when that is not this server: the S3 bucket's origin. */
  uploadOrigin?: string;
}

/** dist/console/, next to this module's dist/src/http/ (also when installed under node_modules). */
export const defaultConsoleDir = (): string => join(__dirname, '..', '..', 'console');

export function consoleSite(dir: string = defaultConsoleDir(), uploadOrigin?: string): ConsoleSite {
  let loaded: Promise<Map<string, ConsoleFile> | undefined> | undefined;
  return {
    uploadOrigin,
    files() {
      // Kept once the files are read; a failure or a console not built yet is not kept, so the
      // next request tries again (a build finished after the server started is then served).
      loaded ??= loadFiles(dir, uploadOrigin).then((files) => {
        if (!files) loaded = undefined;
        return files;
      }, (e: unknown) => {
        loaded = undefined;
        throw e;
      });
      return loaded;
    },
  };
}

/**
 * index.html as served: with an S3 blob store, a meta names the origin the page uploads to, so
 * that the page can tell a proxy's policy refusing the bucket from a console opened at another
 * address than this server's own uploads (console/upload.ts). The origin is a plain host and port
 * (src/blobs/uploadOrigin.ts cspHostSource): nothing in it needs escaping in an attribute.
 */
export function servedIndexHtml(html: string, uploadOrigin: string | undefined): string {
  return uploadOrigin ? html.replace('</head>', `<meta name="cognito-import-upload-origin" content="${uploadOrigin}">\n</head>`) : html;
}

async function loadFiles(dir: string, uploadOrigin: string | undefined): Promise<Map<string, ConsoleFile> | undefined> {
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return undefined;
  }
  const files = new Map<string, ConsoleFile>();
  for (const e of entries) {
    const type = TYPES[extname(e.name)];
    if (!e.isFile() || !SAFE_NAME.test(e.name) || !type) continue;
    const read = await readFile(join(dir, e.name));
    const body = e.name === 'index.html' ? Buffer.from(servedIndexHtml(read.toString('utf8'), uploadOrigin)) : read;
    files.set(e.name, {
      body, gzipped: await gzip(body), type,
      etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`,
      cacheControl: e.name === 'index.html' ? 'no-cache' : 'public, max-age=31536000, immutable',
    });
  }
  return files.has('index.html') ? files : undefined;
}

/** The file a path under /console/ names: index.html for the folder itself. */
function fileName(path: string): string | undefined {
  const rest = path.slice(CONSOLE_PATH.length + 1);
  if (rest === '') return 'index.html';
  return SAFE_NAME.test(rest) ? rest : undefined;
}

const acceptsGzip = (req: IncomingMessage): boolean => /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));

/**
 * Serves a GET or HEAD under /console; false when the path names no file of the console, for
 * the server's own 404. A console that was not built says so.
 */
export async function handleConsole(req: IncomingMessage, res: ServerResponse, path: string, requestId: string, site: ConsoleSite): Promise<boolean> {
  const headers = securityHeaders(site.uploadOrigin);
  if (path === CONSOLE_PATH) {
    // Relative, so a proxy that serves this server under a path prefix keeps it.
    res.writeHead(301, { ...headers, Location: 'console/', 'Content-Length': 0, 'x-amzn-RequestId': requestId });
    res.end();
    return true;
  }
  const files = await site.files();
  if (!files) {
    const text = JSON.stringify({
      __type: 'ResourceNotFoundException',
      message: 'The web console was not built: dist/console/ has no index.html. Run `npm run build` in the package.',
    });
    res.writeHead(404, { ...headers, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), 'x-amzn-RequestId': requestId });
    res.end(req.method === 'HEAD' ? undefined : text);
    return true;
  }
  const name = fileName(path);
  const file = name === undefined ? undefined : files.get(name);
  if (!file) return false;
  const common = { ...headers, 'Cache-Control': file.cacheControl, ETag: file.etag, Vary: 'Accept-Encoding', 'x-amzn-RequestId': requestId };
  if (req.headers['if-none-match'] === file.etag) {
    res.writeHead(304, common);
    res.end();
    return true;
  }
  const zipped = acceptsGzip(req);
  const body = zipped ? file.gzipped : file.body;
  res.writeHead(200, {
    ...common, 'Content-Type': file.type, 'Content-Length': body.length, ...(zipped ? { 'Content-Encoding': 'gzip' } : {}),
  });
  res.end(req.method === 'HEAD' ? undefined : body);
  return true;
}
