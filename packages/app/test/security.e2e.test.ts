import { createHmac } from 'node:crypto';
import type { PaymentGateway } from '@hexabill/core';
import { FakePaymentGateway } from '@hexabill/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKENS } from '../src/index.js';
import {
  client,
  createAdmin,
  login,
  startInfrastructure,
  startSystem,
  waitFor,
  type Client,
  type Infrastructure,
  type System,
} from './support/system.js';

const SECRET = 'an-e2e-test-secret-of-enough-length-0123456789';
let infra: Infrastructure;
let system: System;
let api: Client;
const gateway = new FakePaymentGateway();
let adminToken: string;

async function newUser(tag: string): Promise<{ id: string; email: string; token: string }> {
  const email = `${tag}-${Math.random().toString(36).slice(2, 8)}@example.com`;
  const res = await api.call('POST', '/api/v1/users', { body: { email, name: tag, password: 'a-long-password' } });
  expect(res.status).toBe(201);
  return { id: res.body.id, email, token: await login(api, email, 'a-long-password') };
}

async function invoiceFor(userId: string, amount = '25.00'): Promise<string> {
  const res = await api.call('POST', '/api/v1/invoices', { token: adminToken, body: { user_id: userId, amount } });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

beforeAll(async () => {
  infra = await startInfrastructure();
  system = await startSystem(infra, {
    env: { CORS_ORIGINS: 'https://app.example.com', LOGIN_MAX_ATTEMPTS_PER_ACCOUNT: '5' },
    override: (c) => {
      c.rebind<PaymentGateway>(TOKENS.gateway).toConstantValue(gateway);
    },
  });
  api = client(system.baseUrl);
  const admin = await createAdmin(system);
  adminToken = await login(api, admin.email, admin.password);
});
afterAll(async () => {
  await system.stop();
  await infra.stop();
});

describe('OWASP API Security Top 10 (2023), over real HTTP on PostgreSQL', () => {
  it('API1 broken object level authorization: another user’s resources are 404 on every route with an id', async () => {
    const alice = await newUser('alice');
    const mallory = await newUser('mallory');
    const invoice = await invoiceFor(alice.id);
    const as = { token: mallory.token };
    expect((await api.call('GET', `/api/v1/users/${alice.id}`, as)).status).toBe(404);
    expect((await api.call('PATCH', `/api/v1/users/${alice.id}`, { ...as, body: { name: 'pwned' } })).status).toBe(404);
    expect((await api.call('DELETE', `/api/v1/users/${alice.id}`, as)).status).toBe(404);
    expect((await api.call('GET', `/api/v1/invoices/${invoice}`, as)).status).toBe(404);
    expect((await api.call('POST', `/api/v1/invoices/${invoice}/request-payment`, as)).status).toBe(404);
    expect((await api.call('GET', `/api/v1/invoices?user_id=${alice.id}&include=total`, as)).body).toMatchObject({ items: [], total: 0 });
    const stored = await system.knex('users').where({ id: alice.id }).first();
    expect(stored.name).toBe('alice');
    expect((await system.knex('invoices').where({ id: invoice }).first()).status).toBe('pending');
  });

  it('API2 broken authentication: forged, expired, unsigned and foreign tokens are 401; login errors are uniform', async () => {
    const me = await newUser('auth');
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    // Signed with the key: only a leaked key could make this, which is why it must name the user's current session version.
    const claims = { sub: me.id, role: 'admin', sv: 1, sid: me.id, iss: 'hexabill', aud: 'hexabill-api', iat: now, exp: now + 300 };
    const signed = (c: object, secret = SECRET) => {
      const input = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(c)}`;
      return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
    };
    expect((await api.call('GET', '/api/v1/users', { token: signed(claims) })).status).toBe(200);
    for (const token of [
      `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`,
      signed({ ...claims, exp: now - 1 }),
      signed({ ...claims, aud: 'another-api' }),
      signed({ ...claims, sv: undefined }),
      signed({ ...claims, sv: 2 }),
      signed(claims, 'a-different-secret-of-enough-length-000000'),
      `${me.token.split('.').slice(0, 2).join('.')}.${'A'.repeat(43)}`,
    ]) {
      expect((await api.call('GET', '/api/v1/users/me', { token })).status).toBe(401);
    }
    const wrong = await api.call('POST', '/api/v1/auth/token', { body: { email: me.email, password: 'wrong-password' } });
    const unknown = await api.call('POST', '/api/v1/auth/token', { body: { email: `x${me.email}`, password: 'wrong-password' } });
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect({ ...wrong.body, request_id: null }).toEqual({ ...unknown.body, request_id: null });
  });

  it('API3 property level: role, status, version and paid_at cannot be assigned, and no response carries a password hash', async () => {
    const me = await newUser('props');
    const invoice = await invoiceFor(me.id);
    for (const body of [{ role: 'admin' }, { version: 99 }, { password_hash: 'x' }]) {
      expect((await api.call('PATCH', `/api/v1/users/${me.id}`, { token: me.token, body })).status).toBe(422);
    }
    for (const extra of [{ status: 'paid' }, { paid_at: new Date().toISOString() }, { version: 3 }]) {
      expect(
        (await api.call('POST', '/api/v1/invoices', { token: adminToken, body: { user_id: me.id, amount: '1.00', ...extra } })).status,
      ).toBe(422);
    }
    expect((await system.knex('users').where({ id: me.id }).first()).role).toBe('user');
    const bodies = [
      await api.call('GET', '/api/v1/users/me', { token: me.token }),
      await api.call('GET', `/api/v1/users/${me.id}`, { token: adminToken }),
      await api.call('GET', '/api/v1/users?page_size=100', { token: adminToken }),
      await api.call('PATCH', `/api/v1/users/${me.id}`, { token: me.token, body: { name: 'Renamed' } }),
      await api.call('GET', `/api/v1/invoices/${invoice}`, { token: me.token }),
    ].map((r) => JSON.stringify(r.body));
    for (const body of bodies) expect(body).not.toMatch(/password|hash|scrypt/i);
  });

  it('API4 resource consumption: page size, body size and string lengths are capped, and sign-in is rate limited', async () => {
    expect((await api.call('GET', '/api/v1/users?page_size=101', { token: adminToken })).status).toBe(422);
    expect(
      (
        await api.call('POST', '/api/v1/users', {
          body: { email: 'big@example.com', name: 'x'.repeat(100_000), password: 'a-long-password' },
        })
      ).status,
    ).toBe(413);
    expect(
      (await api.call('POST', '/api/v1/users', { body: { email: 'long@example.com', name: 'x'.repeat(256), password: 'a-long-password' } }))
        .status,
    ).toBe(422);
    expect(
      (await api.call('POST', '/api/v1/users', { body: { email: 'pw@example.com', name: 'x', password: 'p'.repeat(129) } })).status,
    ).toBe(422);
    const victim = await newUser('victim');
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1)
      statuses.push((await api.call('POST', '/api/v1/auth/token', { body: { email: victim.email, password: 'guess' } })).status);
    expect(statuses.slice(0, 4)).toEqual([401, 401, 401, 401]);
    const limited = await api.call('POST', '/api/v1/auth/token', { body: { email: victim.email, password: 'a-long-password' } });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('API5 function level authorization: a user on admin routes gets 403', async () => {
    const me = await newUser('func');
    expect((await api.call('GET', '/api/v1/users', { token: me.token })).status).toBe(403);
    expect((await api.call('POST', '/api/v1/invoices', { token: me.token, body: { user_id: me.id, amount: '1.00' } })).status).toBe(403);
  });

  it('API8 security misconfiguration: secure headers, CORS only for allowed origins, no stack or SQL in errors', async () => {
    const res = await fetch(`${system.baseUrl}/api/v1/users/me`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('strict-transport-security')).toContain('max-age');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const preflight = (origin: string) =>
      fetch(`${system.baseUrl}/api/v1/users`, { method: 'OPTIONS', headers: { Origin: origin, 'Access-Control-Request-Method': 'POST' } });
    expect((await preflight('https://app.example.com')).headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect((await preflight('https://evil.example.com')).headers.get('access-control-allow-origin')).toBeNull();
    for (const [method, path] of [
      ['GET', '/api/v1/users/not-a-uuid'],
      ['GET', "/api/v1/invoices?user_id=1'%20OR%201=1--"],
      ['POST', '/api/v1/users'],
      ['DELETE', '/api/v1/nothing'],
    ] as const) {
      const r = await api.call(method, path, { token: adminToken, ...(method === 'POST' ? { body: { email: 1 } } : {}) });
      expect(r.status).toBeGreaterThanOrEqual(400);
      expect(r.status).toBeLessThan(500);
      expect(JSON.stringify(r.body)).not.toMatch(/SELECT|INSERT|syntax|at [\w.]+ \(|node_modules/i);
    }
  });
});

describe('idempotency keys and optimistic concurrency, over real HTTP on PostgreSQL', () => {
  it('replays the first answer for the same key, refuses another body, and forgets expired keys', async () => {
    const me = await newUser('idem');
    const headers = { 'Idempotency-Key': `k-${me.id}` };
    const first = await api.call('POST', '/api/v1/invoices', { token: adminToken, headers, body: { user_id: me.id, amount: '9.99' } });
    const again = await api.call('POST', '/api/v1/invoices', { token: adminToken, headers, body: { user_id: me.id, amount: '9.99' } });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(await system.knex('invoices').where({ user_id: me.id })).toHaveLength(1);
    expect(
      (await api.call('POST', '/api/v1/invoices', { token: adminToken, headers, body: { user_id: me.id, amount: '1.00' } })).status,
    ).toBe(422);
    await system
      .knex('idempotency_keys')
      .where({ key: headers['Idempotency-Key'] })
      .update({ expires_at: new Date(Date.now() - 1_000) });
    const afterExpiry = await api.call('POST', '/api/v1/invoices', {
      token: adminToken,
      headers,
      body: { user_id: me.id, amount: '1.00' },
    });
    expect(afterExpiry.status).toBe(201);
    expect(afterExpiry.body.id).not.toBe(first.body.id);
  });

  it('If-Match: 412 when stale; two concurrent PATCHes without it both land', async () => {
    const me = await newUser('occ');
    const current = await api.call('GET', `/api/v1/users/${me.id}`, { token: me.token });
    const etag = current.headers.get('etag') ?? '';
    expect(
      (await api.call('PATCH', `/api/v1/users/${me.id}`, { token: me.token, headers: { 'If-Match': etag }, body: { name: 'First' } }))
        .status,
    ).toBe(200);
    expect(
      (await api.call('PATCH', `/api/v1/users/${me.id}`, { token: me.token, headers: { 'If-Match': etag }, body: { name: 'Stale' } }))
        .status,
    ).toBe(412);
    const [a, b] = await Promise.all([
      api.call('PATCH', `/api/v1/users/${me.id}`, { token: me.token, body: { name: 'Concurrent' } }),
      api.call('PATCH', `/api/v1/users/${me.id}`, { token: me.token, body: { age: 42 } }),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(await system.knex('users').where({ id: me.id }).first()).toMatchObject({ name: 'Concurrent', age: 42 });
  });
});

describe('concurrency over HTTP', () => {
  it('50 concurrent registrations with one email: one 201 and 49 × 409', async () => {
    const email = `rush-${Date.now()}@example.com`;
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        api.call('POST', '/api/v1/users', { body: { email, name: `R${i}`, password: 'a-long-password' } }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    expect(results.filter((r) => r.status === 409).every((r) => r.body.code === 'USER_EMAIL_TAKEN')).toBe(true);
  });

  it.each([
    ['without an idempotency key', false],
    ['with one shared idempotency key', true],
  ])('20 concurrent payment requests %s: one charge at the gateway and one invoice.paid', async (_name, shared) => {
    const me = await newUser('race');
    const invoice = await invoiceFor(me.id, '77.00');
    const chargesBefore = gateway.successfulCharges.length;
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        api.call('POST', `/api/v1/invoices/${invoice}/request-payment`, {
          token: me.token,
          ...(shared ? { headers: { 'Idempotency-Key': `pay-${invoice}` } } : {}),
        }),
      ),
    );
    expect(results.every((r) => r.status === 202 || r.status === 409)).toBe(true);
    expect(results.filter((r) => r.status === 202 && r.headers.get('idempotent-replayed') !== 'true')).toHaveLength(1);
    await waitFor(
      () => system.knex('invoices').where({ id: invoice }).first(),
      (row) => row?.status === 'paid',
    );
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(gateway.successfulCharges.length - chargesBefore).toBe(1);
    expect(await system.knex('outbox').where({ aggregate_id: invoice, event_type: 'invoice.paid' })).toHaveLength(1);
  });
});
