// Builds the web console (console/, docs/console.md) into dist/console/: one script and one
// style sheet, bundled and minified by esbuild, named by a hash of their content so the server
// can let browsers keep them for a year (src/http/console.ts), and the index.html that names them.
// Run by `npm run build`, `prepare` and `prepack` after tsc (this file is compiled to
// dist/scripts/); prints what it wrote and its gzipped size (the goal: under 250 KB, SDK clients
// included, docs/console.md).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

/** The repository: this file runs as dist/scripts/buildConsole.js. */
const ROOT = join(__dirname, '..', '..');

export interface ConsoleBuild {
  /** The files written, by name, with their size and gzipped size in bytes. */
  files: { name: string; bytes: number; gzipBytes: number }[];
}

/** The page: no inline script or style, so the server's Content-Security-Policy can forbid them. */
function indexHtml(script: string, style: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>cognito-import console</title>
<link rel="stylesheet" href="${style}">
<script defer src="${script}"></script>
</head>
<body>
<div id="app"><noscript>The cognito-import console needs JavaScript.</noscript></div>
</body>
</html>
`;
}

export async function buildConsole(root = ROOT, outDir = join(root, 'dist', 'console')): Promise<ConsoleBuild> {
  // A clean folder: the server serves exactly the files in it (src/http/console.ts).
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const result = await build({
    absWorkingDir: root,
    entryPoints: { console: join(root, 'console', 'main.tsx') },
    bundle: true,
    // CONSOLE_KEEP_NAMES=1 keeps identifiers, so a CPU profile of the page names its functions
    // (bench/console --profile, docs/console.md); the shipped bundle is minified whole.
    minifyWhitespace: true,
    minifySyntax: true,
    minifyIdentifiers: process.env.CONSOLE_KEEP_NAMES !== '1',
    format: 'iife',
    target: 'es2020',
    platform: 'browser',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    entryNames: '[name]-[hash]',
    outdir: outDir,
    metafile: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
  const written = Object.keys(result.metafile.outputs).map((p) => basename(p));
  const script = written.find((n) => n.endsWith('.js'));
  const style = written.find((n) => n.endsWith('.css'));
  if (!script || !style) throw new Error(`esbuild wrote ${written.join(', ')}: expected one .js and one .css file`);
  writeFileSync(join(outDir, 'index.html'), indexHtml(script, style));
  const files = [...written, 'index.html'].map((name) => {
    const bytes = readFileSync(join(outDir, name));
    return { name, bytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length };
  });
  return { files };
}

const kb = (n: number): string => `${(n / 1024).toFixed(1)} KB`;

async function main(): Promise<void> {
  const { files } = await buildConsole();
  for (const f of files) console.log(`console: dist/console/${f.name} ${kb(f.bytes)} (${kb(f.gzipBytes)} gzipped)`);
  const total = files.reduce((n, f) => n + f.gzipBytes, 0);
  console.log(`console: ${kb(total)} gzipped in all`);
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 1;
  });
}
