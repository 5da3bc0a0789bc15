import { Validator } from '@seriousme/openapi-schema-validator';
import { DependencyUnavailableError } from '@hexabill/core';
import { aUser, createTestKit } from '@hexabill/core/testing';
import { describe, expect, it } from 'vitest';
import { createHttpApp, DOC_ASSET_PATHS, STATUS_BY_CODE } from '../src/index.js';
import { DEFAULT_TEST_PASSWORD, expectProblem, harness } from './harness.js';

describe('routing errors', () => {
  it('404 problem for an unknown route', async () => {
    const body = await expectProblem(await harness().call('GET', '/api/v1/nothing-here'), 404, 'NOT_FOUND');
    expect(body.type).toBe('urn:hexabill:problem:not-found');
  });

  it('405 problem with Allow for a wrong method', async () => {
    const res = await harness().call('PUT', '/api/v1/users', { body: {} });
    await expectProblem(res, 405, 'METHOD_NOT_ALLOWED');
    expect(res.headers.get('allow')).toContain('POST');
  });

  it('OPTIONS answers the methods of the path asked about, not of every pattern it matches', async () => {
    const h = harness();
    const me = await h.call('OPTIONS', '/api/v1/users/me');
    expect(me.status).toBe(204);
    expect(me.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
    const someone = await h.call('OPTIONS', '/api/v1/users/01930000-0000-7000-8000-000000000000');
    expect(someone.headers.get('allow')?.split(', ').sort()).toEqual(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH']);
    expect((await h.call('OPTIONS', '/api/v1/nothing-here')).status).toBe(404);
  });

  it('405 names the methods of the path itself: PATCH /users/me is not PATCH /users/{id}', async () => {
    const h = harness();
    const me = await h.userWithToken();
    const res = await h.call('PATCH', '/api/v1/users/me', { token: me.token, body: { name: 'X' } });
    await expectProblem(res, 405, 'METHOD_NOT_ALLOWED');
    expect(res.headers.get('allow')).toBe('GET, HEAD');
    // A 404 from a route that does serve the method stays a 404.
    await expectProblem(await h.call('GET', '/api/v1/users/01930000-0000-7000-8000-000000000000', { token: me.token }), 404);
  });

  it('503 problem with Retry-After, and no stack trace in the log, when a dependency is unavailable', async () => {
    const kit = createTestKit();
    const user = aUser();
    await kit.seed(user);
    kit.getUser.execute = () => Promise.reject(new DependencyUnavailableError('database', 'connect ECONNREFUSED 127.0.0.1:5432'));
    const app = createHttpApp({ useCases: kit, logger: kit.logger });
    const { accessToken } = await kit.tokens.issue({
      userId: user.id,
      role: 'user',
      sessionVersion: user.sessionVersion,
      sessionId: aUser().id,
    });
    const res = await app.request(`/api/v1/users/${user.id}`, {
      headers: { Authorization: `Bearer ${accessToken}` },
    });
    const body = await expectProblem(res, 503, 'SERVICE_UNAVAILABLE');
    expect(body.detail).toBe('The database is unavailable; retry shortly.');
    expect(res.headers.get('retry-after')).toBe('5');
    expect(kit.logger.entries.filter((e) => e.level === 'error')).toEqual([]);
    expect(kit.logger.entries.find((e) => e.message === 'http request')).toMatchObject({ level: 'warn', fields: { status: 503 } });
  });

  it('500 problem with no internal detail for anything unexpected, logged with the request id', async () => {
    const kit = createTestKit();
    kit.registerUser.execute = () => Promise.reject(new Error('connection terminated: SELECT * FROM users'));
    const app = createHttpApp({ useCases: kit, logger: kit.logger });
    const res = await app.request('/api/v1/users', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'a@example.com', name: 'A', password: 'password-1' }),
    });
    const body = await expectProblem(res, 500, 'INTERNAL_ERROR');
    expect(body.detail).not.toContain('SELECT');
    const logged = kit.logger.entries.find((e) => e.message === 'unhandled error');
    expect(logged?.fields).toMatchObject({ correlation_id: body.request_id, error: expect.stringContaining('connection terminated') });
  });

  it('maps every domain error code to a 4xx or 503 status', () => {
    for (const status of Object.values(STATUS_BY_CODE)) expect([401, 403, 404, 409, 412, 422, 429, 503]).toContain(status);
  });
});

describe('request ids and the access log', () => {
  it('echoes a well-formed X-Request-Id and replaces a malformed one', async () => {
    const h = harness();
    expect((await h.call('GET', '/health', { headers: { 'X-Request-Id': 'abc-123' } })).headers.get('x-request-id')).toBe('abc-123');
    const replaced = (await h.call('GET', '/health', { headers: { 'X-Request-Id': 'bad id<script>' } })).headers.get('x-request-id');
    expect(replaced).toMatch(/^[0-9a-f-]{36}$/);
    expect((await h.call('GET', '/health')).headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('writes one line per request with method, route, status, duration and request id — never credentials', async () => {
    const h = harness();
    const me = await h.userWithToken();
    await h.call('POST', '/api/v1/auth/token', { body: { email: me.email, password: DEFAULT_TEST_PASSWORD } });
    await h.call('GET', `/api/v1/users/${me.id}`, { token: me.token, headers: { 'X-Request-Id': 'req-42' } });
    const lines = h.kit.logger.entries.filter((e) => e.message === 'http request');
    expect(lines).toHaveLength(2);
    expect(lines[1]?.fields).toMatchObject({ method: 'GET', route: '/api/v1/users/:id', status: 200, correlation_id: 'req-42' });
    await h.call('GET', '/api/v1/users/me', { token: me.token });
    expect(h.kit.logger.entries.filter((e) => e.message === 'http request').at(-1)?.fields).toMatchObject({ route: '/api/v1/users/me' });
    expect(typeof lines[1]?.fields.duration_ms).toBe('number');
    const everything = JSON.stringify(h.kit.logger.entries);
    expect(everything).not.toContain(me.token);
    expect(everything).not.toContain(DEFAULT_TEST_PASSWORD);
    expect(everything.toLowerCase()).not.toContain('authorization');
  });
});

describe('security headers and CORS', () => {
  it('sends secure headers', async () => {
    const res = await harness().call('GET', '/api/v1/users/me');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('strict-transport-security')).toContain('max-age');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
  });

  it('puts the request id and the security headers on every kind of API answer', async () => {
    const h = harness();
    const me = await h.userWithToken('admin');
    const fetched = await h.call('GET', `/api/v1/users/${me.id}`, { token: me.token });
    const etag = fetched.headers.get('etag') ?? '';
    const answers = {
      ok: fetched,
      notModified: await h.call('GET', `/api/v1/users/${me.id}`, { token: me.token, headers: { 'If-None-Match': etag } }),
      problem: await h.call('GET', '/api/v1/users/me', { token: 'not-a-token' }),
      notFound: await h.call('GET', '/api/v1/nothing-here'),
      refusedByHono: await h.call('POST', '/api/v1/users', { raw: '{not json', headers: { 'Content-Type': 'application/json' } }),
      browser: await h.call('GET', `/api/v1/users/${me.id}`, { token: me.token, headers: { Origin: 'https://app.example.com' } }),
    };
    expect(Object.fromEntries(Object.entries(answers).map(([name, res]) => [name, res.status]))).toEqual({
      ok: 200,
      notModified: 304,
      problem: 401,
      notFound: 404,
      refusedByHono: 400,
      browser: 200,
    });
    for (const [name, res] of Object.entries(answers)) {
      expect(res.headers.get('x-request-id'), name).toMatch(/^[0-9a-f-]{36}$/);
      expect(res.headers.get('content-security-policy'), name).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(res.headers.get('x-content-type-options'), name).toBe('nosniff');
    }
    expect(answers.browser.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(answers.problem.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('gives pages the page headers and their own policy', async () => {
    const res = await harness().call('GET', '/docs');
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it('allows only listed origins', async () => {
    const h = harness();
    const preflight = (origin: string) =>
      h.call('OPTIONS', '/api/v1/users', { headers: { Origin: origin, 'Access-Control-Request-Method': 'POST' } });
    expect((await preflight('https://app.example.com')).headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect((await preflight('https://evil.example.com')).headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('health', () => {
  it('/health is 200; /health/ready follows the readiness check', async () => {
    const h = harness();
    expect(await (await h.call('GET', '/health')).json()).toEqual({ status: 'ok' });
    expect((await h.call('GET', '/health/ready')).status).toBe(200);
    h.ready.value = false;
    const down = await h.call('GET', '/health/ready');
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({ status: 'unavailable' });
  });
});

describe('OpenAPI document', () => {
  async function spec(): Promise<any> {
    return (await harness().call('GET', '/openapi.json')).json();
  }

  it('is valid OpenAPI 3.1', async () => {
    const document = await spec();
    expect(document.openapi).toBe('3.1.0');
    const validator = new Validator();
    const result = await validator.validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('lists every route the app serves', async () => {
    const h = harness();
    const document = await spec();
    const documented = new Set(
      Object.entries(document.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
        Object.keys(ops).map((method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
      ),
    );
    const served = h.app.routes
      .filter((r) => r.method !== 'ALL' && (r.path.startsWith('/api/') || r.path.startsWith('/health')))
      .map((r) => `${r.method} ${r.path}`);
    expect(new Set(served)).toEqual(documented);
    expect(new Set(served).size).toBe(20);
  });

  it('names every operation: a unique camelCase operationId (what SDK generators name functions after), and a server', async () => {
    const document = await spec();
    const ids = Object.entries(document.paths as Record<string, Record<string, { operationId?: string }>>).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => {
        expect(op.operationId, `${method} ${path}`).toMatch(/^[a-z][a-zA-Z]+$/);
        return op.operationId;
      }),
    );
    expect(ids).toHaveLength(20);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(['registerUser', 'getCurrentUser', 'createInvoice', 'requestInvoicePayment']));
    expect(document.servers).toEqual([{ url: '/', description: expect.any(String) }]);
  });

  it('declares the bearer scheme on protected routes and problem+json errors on every route', async () => {
    const document = await spec();
    expect(document.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    for (const [path, ops] of Object.entries(document.paths as Record<string, Record<string, any>>)) {
      for (const [method, op] of Object.entries(ops)) {
        const where = `${method} ${path}`;
        if (path.startsWith('/health')) continue;
        expect(op.responses['500']?.content?.['application/problem+json'], where).toBeDefined();
        // Anyone may register, sign in, refresh (the refresh token is the credential) and ask for or complete a reset.
        const isPublic =
          method === 'post' &&
          [
            '/api/v1/users',
            '/api/v1/auth/token',
            '/api/v1/auth/refresh',
            '/api/v1/auth/password-reset',
            '/api/v1/auth/password-reset/confirm',
          ].includes(path);
        if (!isPublic) {
          expect(op.security, where).toEqual([{ bearerAuth: [] }]);
          expect(op.responses['401'], where).toBeDefined();
        }
        if (op.requestBody)
          for (const status of ['400', '413', '415', '422']) expect(op.responses[status], `${where} ${status}`).toBeDefined();
      }
    }
  });
});

describe('offline docs', () => {
  it.each(['/docs', '/redoc'])('%s references only assets this app serves, each with 200', async (page) => {
    const h = harness();
    const res = await h.call('GET', page);
    expect(res.status).toBe(200);
    const html = await res.text();
    const refs = [...html.matchAll(/(?:src|href|spec-url)="([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      expect(ref.startsWith('/'), `${ref} must be local`).toBe(true);
      const asset = await h.call('GET', ref);
      expect(asset.status, ref).toBe(200);
      expect((await asset.arrayBuffer()).byteLength, ref).toBeGreaterThan(0);
    }
    expect(html).not.toMatch(/https?:\/\//);
  });

  it('serves every declared asset', async () => {
    const h = harness();
    for (const path of DOC_ASSET_PATHS) expect((await h.call('GET', path)).status, path).toBe(200);
  });

  it('gives the pages nothing to load from elsewhere: ReDoc’s footer logo is served here, Swagger UI has no validator badge', async () => {
    const h = harness();
    const redoc = await (await h.call('GET', '/redoc/assets/redoc.standalone.js')).text();
    expect(redoc).not.toContain('cdn.redoc.ly');
    expect(redoc).toContain('"/redoc/assets/logo-mini.svg"');
    const logo = await h.call('GET', '/redoc/assets/logo-mini.svg');
    expect(logo.headers.get('content-type')).toBe('image/svg+xml');
    expect(await (await h.call('GET', '/docs/assets/init.js')).text()).toMatch(/validatorUrl: null/);
    const favicon = await h.call('GET', '/favicon.ico');
    expect([favicon.status, favicon.headers.get('content-type')]).toEqual([200, 'image/png']);
  });
});
