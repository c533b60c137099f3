// The baseline: a bare node:http server in its own process that reads each request's body and
// answers 200 with the bytes our server answered the same call (X-Amz-Target and body), from a
// file of answers; anything else gets a 404, which makes the run invalid.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchTempDir, spawnListening, stopChild, type Child } from '../children';
import { CONTENT_TYPE, type Answer, type SignedRequest } from './signing';

const BARE_SERVER = `
'use strict';
const http = require('node:http');
const answers = new Map(Object.entries(JSON.parse(require('node:fs').readFileSync(process.env.BARE_ANSWERS, 'utf8'))).map(([k, v]) => [k, Buffer.from(v, 'utf8')]));
const requestId = 'b'.repeat(36);
const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = answers.get(req.headers['x-amz-target'] + '\\n' + Buffer.concat(chunks).toString('utf8'));
    if (!body) { res.writeHead(404, { 'Content-Length': 0 }); res.end(); return; }
    res.writeHead(200, { 'Content-Type': ${JSON.stringify(CONTENT_TYPE)}, 'x-amzn-RequestId': requestId, 'Content-Length': body.length });
    res.end(body);
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write('bare listening on http://127.0.0.1:' + server.address().port + '\\n'));
process.on('SIGTERM', () => { server.closeAllConnections(); server.close(() => process.exit(0)); });
`;

/** Answers keyed as the bare server looks them up. */
export class BareAnswers {
  private readonly map = new Map<string, string>();
  set(r: SignedRequest, body: string): void {
    this.map.set(`${r.headers['X-Amz-Target']}\n${r.body}`, body);
  }
  /** Each request's answer (the first one given for a call). */
  static of(requests: SignedRequest[], answers: Answer[]): BareAnswers {
    const a = new BareAnswers();
    requests.forEach((r, i) => { if (!a.has(r)) a.set(r, answers[i].body); });
    return a;
  }
  has(r: SignedRequest): boolean {
    return this.map.has(`${r.headers['X-Amz-Target']}\n${r.body}`);
  }
  toJSON(): Record<string, string> {
    return Object.fromEntries(this.map);
  }
}

export async function startBare(answers: BareAnswers): Promise<Child> {
  const file = join(benchTempDir('bench-bare-'), 'answers.json');
  writeFileSync(file, JSON.stringify(answers));
  return spawnListening('bare server', ['-e', BARE_SERVER], { PATH: process.env.PATH, BARE_ANSWERS: file });
}

export const stopBare = (bare: Child): Promise<void> => stopChild(bare.child);
