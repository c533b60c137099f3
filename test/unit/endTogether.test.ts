// Answers ended together (src/http/endTogether.ts): each reaches its own client at the end of
// the turn, and endWaitingAnswers() sends them at once, as a server about to drop its
// connections needs (app.close() calls it before closeAllConnections()).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { endTogether, endWaitingAnswers } from '../../src/http/endTogether';

function get(server: Server, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: (server.address() as AddressInfo).port, path, agent: false }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => { body += c.toString(); });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

async function listening(handler: Parameters<typeof createServer>[1]): Promise<Server> {
  const server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return server;
}

test('each answer reaches the request it answers', async () => {
  const server = await listening((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    endTogether(res, `answer to ${req.url}`);
  });
  try {
    const paths = Array.from({ length: 20 }, (_, i) => `/r${i}`);
    const got = await Promise.all(paths.map((p) => get(server, p)));
    assert.deepEqual(got, paths.map((p) => ({ status: 200, body: `answer to ${p}` })));
  } finally {
    server.close();
  }
});

test('an answer waiting when the connections are dropped is sent first', async () => {
  const server = await listening((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    endTogether(res, 'sent before closing');
    // The shutdown path, in the same turn: without endWaitingAnswers() the client gets a reset.
    endWaitingAnswers();
    server.closeAllConnections();
  });
  try {
    assert.deepEqual(await get(server, '/'), { status: 200, body: 'sent before closing' });
  } finally {
    server.close();
  }
});
