import { beforeEach, describe, expect, it } from 'vitest';
import { UserListSchema, UserSchema } from '../src/schemas/user-schemas.js';
import { expectBody, expectProblem, harness, type Harness } from './harness.js';

let h: Harness;
beforeEach(() => {
  h = harness();
});

const registration = { email: 'Ada@Example.com', name: 'Ada', age: 36, password: 'a-long-password' };

describe('POST /api/v1/users', () => {
  it('registers: 201, Location, ETag, the user and never the password hash', async () => {
    const res = await h.call('POST', '/api/v1/users', { body: registration });
    const user = await expectBody(res, 201, UserSchema);
    expect(user).toMatchObject({ email: 'ada@example.com', name: 'Ada', age: 36, role: 'user', version: 1 });
    expect(res.headers.get('location')).toBe(`/api/v1/users/${user.id}`);
    expect(res.headers.get('etag')).toBe('"1"');
  });

  it('409 for a taken email', async () => {
    await h.call('POST', '/api/v1/users', { body: registration });
    await expectProblem(
      await h.call('POST', '/api/v1/users', { body: { ...registration, email: 'ADA@example.com' } }),
      409,
      'USER_EMAIL_TAKEN',
    );
  });

  it('422 listing every invalid field', async () => {
    const problem = await expectProblem(
      await h.call('POST', '/api/v1/users', { body: { email: 'nope', name: ' ', age: 3.5, password: 'short' } }),
      422,
      'VALIDATION_FAILED',
    );
    expect(problem.errors?.map((e) => e.path)).toEqual(['age']);
    const semantic = await expectProblem(
      await h.call('POST', '/api/v1/users', { body: { email: 'nope', name: ' ', password: 'short' } }),
      422,
    );
    expect(semantic.errors?.map((e) => e.path)).toEqual(['email', 'name', 'password']);
    const missing = await expectProblem(await h.call('POST', '/api/v1/users', { body: {} }), 422);
    expect(missing.errors?.map((e) => e.path).sort()).toEqual(['email', 'name', 'password']);
  });

  it('refuses fields outside the contract, so role cannot be mass-assigned', async () => {
    const problem = await expectProblem(
      await h.call('POST', '/api/v1/users', { body: { ...registration, role: 'admin', version: 9 } }),
      422,
    );
    expect(problem.errors?.[0]?.message).toMatch(/unknown field.*role.*version/);
    expect(h.kit.database.committed.users.size).toBe(0);
  });

  it('400 for malformed JSON, 415 for another media type, 413 for a body over the limit', async () => {
    await expectProblem(
      await h.call('POST', '/api/v1/users', { raw: '{"email": ', headers: { 'Content-Type': 'application/json' } }),
      400,
      'MALFORMED_JSON',
    );
    await expectProblem(
      await h.call('POST', '/api/v1/users', { raw: 'email=a', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }),
      415,
    );
    await expectProblem(await h.call('POST', '/api/v1/users', { raw: JSON.stringify(registration) }), 415);
    const huge = { ...registration, name: 'x'.repeat(70_000) };
    await expectProblem(
      await h.call('POST', '/api/v1/users', { body: huge, headers: { 'Content-Type': 'application/json', 'Content-Length': '70100' } }),
      413,
    );
  });
});

describe('GET /api/v1/users/me and /api/v1/users/{id}', () => {
  it('shows you yourself, with an ETag, and 304 when unchanged', async () => {
    const me = await h.userWithToken();
    const res = await h.call('GET', '/api/v1/users/me', { token: me.token });
    expect((await expectBody(res, 200, UserSchema)).id).toBe(me.id);
    const byId = await h.call('GET', `/api/v1/users/${me.id}`, { token: me.token });
    const etag = byId.headers.get('etag')!;
    await expectBody(byId, 200, UserSchema);
    const again = await h.call('GET', `/api/v1/users/${me.id}`, { token: me.token, headers: { 'If-None-Match': etag } });
    expect(again.status).toBe(304);
  });

  it('401 without a token', async () => {
    await expectProblem(await h.call('GET', '/api/v1/users/me'), 401, 'UNAUTHENTICATED');
    const res = await h.call('GET', '/api/v1/users/me');
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('404 for another user, and for an id that is not a UUID; admins see anyone', async () => {
    const me = await h.userWithToken();
    const other = await h.userWithToken();
    const admin = await h.userWithToken('admin');
    await expectProblem(await h.call('GET', `/api/v1/users/${other.id}`, { token: me.token }), 404, 'USER_NOT_FOUND');
    await expectProblem(await h.call('GET', '/api/v1/users/not-a-uuid', { token: me.token }), 404);
    await expectBody(await h.call('GET', `/api/v1/users/${other.id}`, { token: admin.token }), 200, UserSchema);
  });
});

describe('GET /api/v1/users', () => {
  it('still answers numbered pages (deprecated) for admins', async () => {
    const admin = await h.userWithToken('admin');
    await h.userWithToken();
    const page = await expectBody(await h.call('GET', '/api/v1/users?page=1&page_size=1', { token: admin.token }), 200, UserListSchema);
    expect(page).toMatchObject({ page: 1, page_size: 1, total: 2, total_pages: 2 });
  });

  it('walks users by cursor: every one once, newest first, a total only when asked for', async () => {
    const admin = await h.userWithToken('admin');
    for (let i = 0; i < 4; i += 1) await h.userWithToken();
    const seen: string[] = [];
    let next: string | null = null;
    let pages = 0;
    do {
      const query: string = next ? `?limit=2&starting_after=${next}` : '?limit=2';
      const list = await expectBody(await h.call('GET', `/api/v1/users${query}`, { token: admin.token }), 200, UserListSchema);
      if (!('has_more' in list)) throw new Error('expected a keyset list');
      expect(list).not.toHaveProperty('total');
      seen.push(...list.items.map((u) => u.id));
      next = list.next_cursor;
      pages += 1;
    } while (next);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(5);
    expect(seen).toEqual([...seen].sort().reverse());
    expect(seen).toContain(admin.id);
    const counted = await expectBody(
      await h.call('GET', '/api/v1/users?limit=1&include=total', { token: admin.token }),
      200,
      UserListSchema,
    );
    expect(counted).toMatchObject({ total: 5, has_more: true });
  });

  it('walks back with previous_cursor and ending_before', async () => {
    const admin = await h.userWithToken('admin');
    for (let i = 0; i < 4; i += 1) await h.userWithToken();
    const list = async (query: string) => {
      const body = await expectBody(await h.call('GET', `/api/v1/users${query}`, { token: admin.token }), 200, UserListSchema);
      if (!('has_more' in body)) throw new Error('expected a keyset list');
      return body;
    };
    const first = await list('?limit=2');
    expect(first.previous_cursor).toBeNull();
    const second = await list(`?limit=2&starting_after=${first.next_cursor!}`);
    const back = await list(`?limit=2&ending_before=${second.previous_cursor!}`);
    expect(back.items.map((u) => u.id)).toEqual(first.items.map((u) => u.id));
    expect(back.previous_cursor).toBeNull();
    expect(back.next_cursor).not.toBeNull();
  });

  it('answers 422 for a forged cursor, a cursor of another list or of another caller', async () => {
    const admin = await h.userWithToken('admin');
    const otherAdmin = await h.userWithToken('admin');
    await h.userWithToken();
    const first = await expectBody(await h.call('GET', '/api/v1/users?limit=1', { token: admin.token }), 200, UserListSchema);
    const cursor = 'next_cursor' in first ? first.next_cursor! : '';
    const [payload, mac] = cursor.split('.');
    const forged = `${Buffer.from('00000000-0000-7000-8000-000000000001').toString('base64url')}.${mac!}`;
    for (const [token, bad] of [
      [admin.token, forged],
      [admin.token, `${payload!}.AAAAAAAAAAAAAAAAAAAAAA`],
      [admin.token, 'garbage'],
      [otherAdmin.token, cursor],
    ] as const) {
      const problem = await expectProblem(await h.call('GET', `/api/v1/users?starting_after=${bad}`, { token }), 422, 'VALIDATION_FAILED');
      expect(problem.errors?.map((e) => e.path)).toEqual(['starting_after']);
    }
    const invoices = await h.call('GET', `/api/v1/invoices?starting_after=${cursor}`, { token: admin.token });
    await expectProblem(invoices, 422, 'VALIDATION_FAILED');
  });

  it('403 for users, 401 for nobody, 422 for a page size over 100', async () => {
    const user = await h.userWithToken();
    const admin = await h.userWithToken('admin');
    await expectProblem(await h.call('GET', '/api/v1/users', { token: user.token }), 403, 'FORBIDDEN');
    await expectProblem(await h.call('GET', '/api/v1/users'), 401);
    const problem = await expectProblem(await h.call('GET', '/api/v1/users?page_size=101', { token: admin.token }), 422);
    expect(problem.errors?.map((e) => e.path)).toEqual(['page_size']);
    await expectProblem(await h.call('GET', '/api/v1/users?page=zero', { token: admin.token }), 422);
  });
});

describe('PATCH /api/v1/users/{id}', () => {
  it('updates and returns the new version', async () => {
    const me = await h.userWithToken();
    const res = await h.call('PATCH', `/api/v1/users/${me.id}`, { token: me.token, body: { name: 'Renamed', age: null } });
    expect(await expectBody(res, 200, UserSchema)).toMatchObject({ name: 'Renamed', age: null, version: 2 });
    expect(res.headers.get('etag')).toBe('"2"');
  });

  it('honours If-Match: 412 when stale, 200 when current', async () => {
    const me = await h.userWithToken();
    await expectProblem(
      await h.call('PATCH', `/api/v1/users/${me.id}`, { token: me.token, body: { name: 'X' }, headers: { 'If-Match': '"7"' } }),
      412,
      'VERSION_MISMATCH',
    );
    await expectProblem(
      await h.call('PATCH', `/api/v1/users/${me.id}`, { token: me.token, body: { name: 'X' }, headers: { 'If-Match': 'W/"1"' } }),
      412,
    );
    await expectBody(
      await h.call('PATCH', `/api/v1/users/${me.id}`, { token: me.token, body: { name: 'X' }, headers: { 'If-Match': '"1"' } }),
      200,
      UserSchema,
    );
  });

  it('409 for a taken email, 404 for another user, 422 for role or version in the body', async () => {
    const me = await h.userWithToken();
    const other = await h.userWithToken();
    await expectProblem(
      await h.call('PATCH', `/api/v1/users/${me.id}`, { token: me.token, body: { email: other.email } }),
      409,
      'USER_EMAIL_TAKEN',
    );
    await expectProblem(await h.call('PATCH', `/api/v1/users/${other.id}`, { token: me.token, body: { name: 'X' } }), 404);
    await expectProblem(await h.call('PATCH', `/api/v1/users/${me.id}`, { token: me.token, body: { role: 'admin' } }), 422);
    await expectProblem(await h.call('PATCH', `/api/v1/users/${me.id}`, { token: me.token, body: { version: 5 } }), 422);
    await expectProblem(await h.call('PATCH', `/api/v1/users/${me.id}`, { token: me.token, body: { name: '' } }), 422);
  });
});

describe('DELETE /api/v1/users/{id}', () => {
  it('204, then the user is gone', async () => {
    const me = await h.userWithToken();
    const admin = await h.userWithToken('admin');
    const res = await h.call('DELETE', `/api/v1/users/${me.id}`, { token: me.token });
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
    await expectProblem(await h.call('GET', `/api/v1/users/${me.id}`, { token: admin.token }), 404);
  });

  it('404 for another user', async () => {
    const me = await h.userWithToken();
    const other = await h.userWithToken();
    await expectProblem(await h.call('DELETE', `/api/v1/users/${other.id}`, { token: me.token }), 404);
    expect(h.kit.database.committed.users.has(other.id)).toBe(true);
  });
});
