import { Agent, request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpServer, type RunningHttpServer } from '../src/index.js';
import { harness, type Harness } from './harness.js';

/**
 * Over a real socket, with a pooled keep-alive client as browsers and HTTP libraries use: an answer
 * given before the body was read must not leave the client a connection the server is about to drop.
 */
let h: Harness;
let server: RunningHttpServer;
let admin: { token: string };
beforeAll(async () => {
  h = harness();
  admin = await h.userWithToken('admin');
  server = await startHttpServer(h.app.fetch, '127.0.0.1', 0);
});
afterAll(async () => {
  await server.close(1_000);
});

interface Answer {
  status?: number;
  connection?: string;
  reusedSocket?: boolean;
  error?: string;
}

/** Sends `body` with a Content-Length, or in 16 KiB chunks (Transfer-Encoding: chunked) when `chunked`. */
function send(
  agent: Agent,
  method: string,
  path: string,
  body?: string,
  headers: Record<string, string> = {},
  chunked = false,
): Promise<Answer> {
  return new Promise((resolve) => {
    const length = body === undefined || chunked ? {} : { 'Content-Length': String(Buffer.byteLength(body)) };
    const req = request(`${server.url}${path}`, { method, agent, headers: { ...headers, ...length } }, (res) => {
      res.resume();
      res.on('end', () => {
        resolve({ status: res.statusCode, connection: res.headers.connection, reusedSocket: req.reusedSocket });
      });
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      resolve({ error: error.code ?? error.message });
    });
    if (chunked && body !== undefined) {
      for (let at = 0; at < body.length; at += 16 * 1024) req.write(body.slice(at, at + 16 * 1024));
      req.end();
    } else {
      req.end(body);
    }
  });
}

/** Longer than the Node server keeps draining an unread body before it destroys the socket (500 ms). */
const pastTheDrain = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 700));

const ONE_MEGABYTE = JSON.stringify({ padding: 'x'.repeat(1024 * 1024) });

describe('answers sent before the request body was read', () => {
  it('413 after a 1 MB body says Connection: close, and the pooled client carries on without a reset', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const refused = await send(agent, 'POST', '/api/v1/users', ONE_MEGABYTE, { 'Content-Type': 'application/json' });
      expect(refused).toMatchObject({ status: 413, connection: 'close' });
      await pastTheDrain();
      const after = [];
      for (let i = 0; i < 5; i += 1) after.push(await send(agent, 'GET', '/health'));
      expect(after.map((a) => a.error ?? a.status)).toEqual([200, 200, 200, 200, 200]);
      // Keep-alive itself still works: the requests after the first shared one connection.
      expect(after.slice(1).every((a) => a.reusedSocket === true)).toBe(true);
    } finally {
      agent.destroy();
    }
  });

  it('413 for a chunked 1 MB body, which has no Content-Length to judge by', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const refused = await send(agent, 'POST', '/api/v1/users', ONE_MEGABYTE, { 'Content-Type': 'application/json' }, true);
      expect(refused).toMatchObject({ status: 413, connection: 'close' });
      await pastTheDrain();
      expect((await send(agent, 'GET', '/health')).status).toBe(200);
    } finally {
      agent.destroy();
    }
  });

  it.each<[string, string, string, Record<string, string>, number]>([
    ['415, a body that is not JSON', 'POST', '/api/v1/invoices', { 'Content-Type': 'text/plain' }, 415],
    ['401, a bad bearer token', 'POST', '/api/v1/invoices', { 'Content-Type': 'application/json', Authorization: 'Bearer nope' }, 401],
    ['403, a user on an admin route', 'POST', '/api/v1/invoices', { 'Content-Type': 'application/json' }, 403],
    ['404, no such route', 'POST', '/api/v1/nothing-here', { 'Content-Type': 'application/json' }, 404],
  ])('%s: Connection: close too, and the next request works', async (_name, method, path, headers, status) => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const user: Record<string, string> = status === 403 ? { Authorization: `Bearer ${(await h.userWithToken()).token}` } : {};
      const body = JSON.stringify({ padding: 'x'.repeat(60 * 1024) });
      expect(await send(agent, method, path, body, { ...headers, ...user })).toMatchObject({ status, connection: 'close' });
      await pastTheDrain();
      expect((await send(agent, 'GET', '/health')).status).toBe(200);
    } finally {
      agent.destroy();
    }
  });

  it('reads a chunked body under the limit like any other', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const body = JSON.stringify({
        email: 'chunked@example.com',
        name: 'Chunked',
        password: 'a-long-enough-password',
      });
      const created = await send(agent, 'POST', '/api/v1/users', body, { 'Content-Type': 'application/json' }, true);
      expect(created.status).toBe(201);
    } finally {
      agent.destroy();
    }
  });

  it('keeps the connection open when the body was read, whatever the answer', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const invalid = JSON.stringify({ user_id: 'not-an-id', amount: '0' });
      const headers = { 'Content-Type': 'application/json', Authorization: `Bearer ${admin.token}` };
      const first = await send(agent, 'POST', '/api/v1/invoices', invalid, headers);
      expect(first.status).toBe(422);
      expect(first.connection).not.toBe('close');
      expect(await send(agent, 'POST', '/api/v1/invoices', invalid, headers)).toMatchObject({ status: 422, reusedSocket: true });
    } finally {
      agent.destroy();
    }
  });
});
