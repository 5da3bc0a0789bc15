import { request } from 'node:http';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, login, startInfrastructure, startSystem, type Infrastructure, type System } from './support/system.js';

/**
 * What the README promises under contention, over real HTTP on PostgreSQL: concurrent writers all
 * land, and nobody can use the sign-in limits to lock an owner out from elsewhere.
 */
let infra: Infrastructure;
let system: System;
beforeAll(async () => {
  infra = await startInfrastructure();
  system = await startSystem(infra, {
    worker: false,
    env: {
      LOGIN_MAX_ATTEMPTS_PER_ACCOUNT_AND_ADDRESS: '10',
      LOGIN_MAX_ATTEMPTS_PER_ADDRESS: '50',
      // Low enough to reach in a test; 100 by default.
      LOGIN_MAX_ATTEMPTS_PER_ACCOUNT: '25',
    },
  });
});
afterAll(async () => {
  await system.stop();
  await infra.stop();
});

async function newUser(): Promise<{ id: string; email: string; token: string }> {
  const api = client(system.baseUrl);
  const email = `c-${randomBytes(4).toString('hex')}@example.com`;
  const res = await api.call('POST', '/api/v1/users', { body: { email, name: 'Contended', password: 'a-long-password' } });
  expect(res.status).toBe(201);
  return { id: res.body.id as string, email, token: await login(api, email, 'a-long-password') };
}

/** Signs in from a given loopback address (the whole of 127.0.0.0/8 reaches the API on 127.0.0.1). */
function signInFrom(address: string, email: string, password: string): Promise<{ status: number; retryAfter?: string }> {
  const body = JSON.stringify({ email, password });
  const url = new URL('/api/v1/auth/token', system.baseUrl);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        localAddress: address,
        agent: false,
        headers: { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)) },
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('concurrent writes without If-Match', () => {
  it('20 PATCHes of one user at once all apply: twenty 200s, version 21, twenty user.updated events', async () => {
    const user = await newUser();
    const api = client(system.baseUrl);
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        api.call('PATCH', `/api/v1/users/${user.id}`, { token: user.token, body: { name: `Name ${String(i)}`, age: i } }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
    const stored = await system.knex('users').where({ id: user.id }).first();
    expect(stored.version).toBe(21);
    const updates = await system.knex('outbox').where({ aggregate_id: user.id, event_type: 'user.updated' });
    expect(updates).toHaveLength(20);
    // Each write re-read the one before it: every answer is a version of its own, 2 to 21.
    const versions = answers.map((a) => Number(a.body.version)).sort((a, b) => a - b);
    expect(versions).toEqual(Array.from({ length: 20 }, (_, i) => i + 2));
  });
});

describe('sign-in limits an attacker cannot turn against the owner', () => {
  it('locks out the guessing address, not the owner signing in from theirs', async () => {
    const owner = await newUser();
    for (let i = 0; i < 10; i += 1) expect((await signInFrom('127.0.0.2', owner.email, 'wrong-guess')).status).toBe(401);
    const limited = await signInFrom('127.0.0.2', owner.email, 'wrong-guess');
    expect(limited.status).toBe(429);
    expect(Number(limited.retryAfter)).toBeGreaterThan(0);
    // Even the right password is refused from the guessing address for now…
    expect((await signInFrom('127.0.0.2', owner.email, 'a-long-password')).status).toBe(429);
    // …while the owner, elsewhere, gets in.
    expect((await signInFrom('127.0.0.1', owner.email, 'a-long-password')).status).toBe(200);
  });

  it('stops guessing spread over many addresses at the per-account ceiling', async () => {
    const owner = await newUser(); // signed in once: one of the account's 25 attempts
    let attempts = 1;
    for (const address of ['127.0.0.3', '127.0.0.4', '127.0.0.5']) {
      // Below each address's own limit of 10: only the ceiling over all addresses can stop this.
      for (let i = 0; i < 9 && attempts < 25; i += 1, attempts += 1) {
        expect((await signInFrom(address, owner.email, 'wrong-guess')).status).toBe(401);
      }
    }
    expect((await signInFrom('127.0.0.6', owner.email, 'wrong-guess')).status).toBe(429);
  });
});
