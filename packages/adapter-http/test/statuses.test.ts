import { describe, expect, it } from 'vitest';
import { harness } from './harness.js';
import { observationCount, undocumentedStatuses } from './support/observed-statuses.js';

type Operation = { responses: Record<string, unknown> };
type OpenApiDocument = { paths: Record<string, Record<string, Operation>> };

const SOME_ID = '01930000-0000-7000-8000-000000000000';
const BODY_METHODS = new Set(['post', 'patch', 'put']);

describe('the statuses routes answer are the statuses the OpenAPI document declares', () => {
  it('holds for what middleware answers before any handler runs, on every route', async () => {
    const h = harness({ bodyLimitBytes: 1024 });
    const admin = await h.userWithToken('admin');
    const document = (await (await h.call('GET', '/openapi.json')).json()) as OpenApiDocument;
    const operations = Object.entries(document.paths)
      .filter(([path]) => path.startsWith('/api/'))
      .flatMap(([path, ops]) => Object.keys(ops).map((method) => ({ method: method.toUpperCase(), path: path.replace('{id}', SOME_ID) })));
    expect(operations.length).toBeGreaterThan(10);

    for (const { method, path } of operations) {
      // A bearer token that is not one: 401 on every route, the public ones included.
      expect((await h.call(method, path, { headers: { Authorization: 'Bearer not-a-token' } })).status, `${method} ${path}`).toBe(401);
      if (!BODY_METHODS.has(method.toLowerCase())) continue;
      const big = JSON.stringify({ padding: 'x'.repeat(4096) });
      expect((await h.call(method, path, { token: admin.token, raw: big, headers: { 'Content-Type': 'application/json' } })).status).toBe(
        413,
      );
      expect((await h.call(method, path, { token: admin.token, raw: 'a=1', headers: { 'Content-Type': 'text/plain' } })).status).toBe(415);
      await h.call(method, path, { token: admin.token, raw: '{"broken', headers: { 'Content-Type': 'application/json' } });
    }
    expect(undocumentedStatuses(document)).toEqual([]);
  });

  it('is a check that can fail: a status the document leaves out is reported', async () => {
    const h = harness();
    const before = observationCount();
    await h.call('GET', '/api/v1/users/me');
    expect(observationCount()).toBe(before + 1);
    const document = (await (await h.call('GET', '/openapi.json')).json()) as OpenApiDocument;
    const getMe = document.paths['/api/v1/users/me']?.get;
    if (!getMe) throw new Error('GET /api/v1/users/me is not documented');
    delete getMe.responses['401'];
    expect(undocumentedStatuses(document)).toContain('GET /api/v1/users/me 401');
  });
});
