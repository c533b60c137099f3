// The README's code blocks that tests run as printed (the worked example, the embedding example):
// one reader of the README's layout for the test suite and scripts/pack-test.sh, so a section
// renamed or a block added fails both the same way.
//   node dist/scripts/readmeBlocks.js "In your own tests (embedding)" js   (prints the one block)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const README = join(__dirname, '..', '..', 'README.md');

/** The fenced blocks of language `lang` in the `## <heading>` section of the README, in order. */
export function readmeBlocks(heading: string, lang: string, readme = readFileSync(README, 'utf8')): string[] {
  const start = readme.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`the README has no "## ${heading}" section`);
  const rest = readme.slice(start + heading.length + 5);
  const end = rest.search(/\n## /);
  const section = end < 0 ? rest : rest.slice(0, end);
  return [...section.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]);
}

function main(argv: string[]): number {
  const [heading = '', lang = ''] = argv;
  let blocks: string[];
  try {
    blocks = readmeBlocks(heading, lang);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    return 1;
  }
  if (blocks.length !== 1) {
    process.stderr.write(`expected one ${lang} block under "## ${heading}" in the README, found ${blocks.length}\n`);
    return 1;
  }
  process.stdout.write(blocks[0]);
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
