import { describe, expect, it } from 'vitest';
import { PasswordResetAcceptedSchema, TokenSchema } from '../src/schemas/auth-schemas.js';
import { UserSchema } from '../src/schemas/user-schemas.js';
import { DEFAULT_TEST_PASSWORD, expectBody, expectProblem, harness, type Harness } from './harness.js';

async function signIn(h: Harness, email: string, password = DEFAULT_TEST_PASSWORD) {
  return expectBody(await h.call('POST', '/api/v1/auth/token', { body: { email, password } }), 200, TokenSchema);
}

describe('POST /api/v1/auth/refresh', () => {
  it('rotates the pair, not to be cached; a spent token is 401 and ends the session', async () => {
    const h = harness();
    const me = await h.userWithToken();
    const first = await signIn(h, me.email);
    const res = await h.call('POST', '/api/v1/auth/refresh', { body: { refresh_token: first.refresh_token } });
    const second = await expectBody(res, 200, TokenSchema);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(second.refresh_token).not.toBe(first.refresh_token);
    await expectProblem(
      await h.call('POST', '/api/v1/auth/refresh', { body: { refresh_token: first.refresh_token } }),
      401,
      'INVALID_REFRESH_TOKEN',
    );
    await expectProblem(
      await h.call('POST', '/api/v1/auth/refresh', { body: { refresh_token: second.refresh_token } }),
      401,
      'INVALID_REFRESH_TOKEN',
    );
  });

  it('422 without a refresh token', async () => {
    await expectProblem(await harness().call('POST', '/api/v1/auth/refresh', { body: {} }), 422, 'VALIDATION_FAILED');
  });
});

describe('POST /api/v1/auth/logout and /logout-all', () => {
  it('logout ends the session (204); anonymous callers get 401', async () => {
    const h = harness();
    const me = await h.userWithToken();
    const session = await signIn(h, me.email);
    const body = { refresh_token: session.refresh_token };
    await expectProblem(await h.call('POST', '/api/v1/auth/logout', { body }), 401, 'UNAUTHENTICATED');
    expect((await h.call('POST', '/api/v1/auth/logout', { token: session.access_token, body })).status).toBe(204);
    await expectProblem(await h.call('POST', '/api/v1/auth/refresh', { body }), 401);
  });

  it('logout-all (no body) ends every session and this access token too', async () => {
    const h = harness();
    const me = await h.userWithToken();
    const session = await signIn(h, me.email);
    expect((await h.call('POST', '/api/v1/auth/logout-all', { token: session.access_token })).status).toBe(204);
    await expectProblem(await h.call('GET', '/api/v1/users/me', { token: session.access_token }), 401, 'UNAUTHENTICATED');
    await expectProblem(await h.call('POST', '/api/v1/auth/refresh', { body: { refresh_token: session.refresh_token } }), 401);
  });
});

describe('POST /api/v1/users/me/password', () => {
  it('204; the old password and the old access token stop working, the refresh token of this session renews', async () => {
    const h = harness();
    const me = await h.userWithToken();
    const session = await signIn(h, me.email);
    const body = { current_password: DEFAULT_TEST_PASSWORD, new_password: 'another-long-password' };
    expect((await h.call('POST', '/api/v1/users/me/password', { token: session.access_token, body })).status).toBe(204);
    await expectProblem(await h.call('GET', '/api/v1/users/me', { token: session.access_token }), 401);
    await expectProblem(await h.call('POST', '/api/v1/auth/token', { body: { email: me.email, password: DEFAULT_TEST_PASSWORD } }), 401);
    const renewed = await expectBody(
      await h.call('POST', '/api/v1/auth/refresh', { body: { refresh_token: session.refresh_token } }),
      200,
      TokenSchema,
    );
    await expectBody(await h.call('GET', '/api/v1/users/me', { token: renewed.access_token }), 200, UserSchema);
  });

  it('401 for a wrong current password, 422 for a short new one or an unknown field', async () => {
    const h = harness();
    const me = await h.userWithToken();
    const call = (body: object) => h.call('POST', '/api/v1/users/me/password', { token: me.token, body });
    await expectProblem(
      await call({ current_password: 'wrong-password', new_password: 'another-long-password' }),
      401,
      'INVALID_CREDENTIALS',
    );
    const weak = await expectProblem(await call({ current_password: DEFAULT_TEST_PASSWORD, new_password: 'short' }), 422);
    expect(weak.errors?.map((e) => e.path)).toEqual(['new_password']);
    await expectProblem(
      await call({ current_password: DEFAULT_TEST_PASSWORD, new_password: 'another-long-password', user_id: me.id }),
      422,
    );
  });
});

describe('password reset', () => {
  it('202 with one and the same body for a known and an unknown address; 422 for a malformed one', async () => {
    const h = harness();
    const me = await h.userWithToken();
    const known = await h.call('POST', '/api/v1/auth/password-reset', { body: { email: me.email } });
    const unknown = await h.call('POST', '/api/v1/auth/password-reset', { body: { email: 'nobody@example.com' } });
    expect(await expectBody(unknown, 202, PasswordResetAcceptedSchema)).toEqual(await expectBody(known, 202, PasswordResetAcceptedSchema));
    await expectProblem(await h.call('POST', '/api/v1/auth/password-reset', { body: { email: 'nope' } }), 422);
  });

  it('429 with Retry-After once an address was asked about too often', async () => {
    const h = harness();
    const ask = () => h.call('POST', '/api/v1/auth/password-reset', { body: { email: 'target@example.com' } });
    for (let i = 0; i < 3; i += 1) expect((await ask()).status).toBe(202);
    const limited = await ask();
    await expectProblem(limited, 429, 'RATE_LIMITED');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('confirm: 204 with the e-mailed token, then 422 for the same token', async () => {
    const h = harness();
    const me = await h.userWithToken();
    await h.call('POST', '/api/v1/auth/password-reset', { body: { email: me.email } });
    await h.kit.drain();
    const token = /#token=([\w-]+)/.exec(h.kit.mailbox.sent[0]?.text ?? '')?.[1] ?? '';
    const confirm = () => h.call('POST', '/api/v1/auth/password-reset/confirm', { body: { token, new_password: 'reset-long-password' } });
    expect((await confirm()).status).toBe(204);
    await expectProblem(await confirm(), 422, 'PASSWORD_RESET_TOKEN_INVALID');
    await signIn(h, me.email, 'reset-long-password');
  });
});

describe('PATCH /api/v1/users/{id}/role', () => {
  it('lets an admin promote (200 + ETag), refuses the last admin (409), users (403) and unknown roles (422)', async () => {
    const h = harness();
    const admin = await h.userWithToken('admin');
    const user = await h.userWithToken();
    const patch = (id: string, role: string, token = admin.token) => h.call('PATCH', `/api/v1/users/${id}/role`, { token, body: { role } });
    await expectProblem(await patch(user.id, 'admin', user.token), 403, 'FORBIDDEN');
    await expectProblem(await patch(admin.id, 'user'), 409, 'USER_LAST_ADMIN');
    await expectProblem(await patch(user.id, 'root'), 422);
    await expectProblem(await patch('00000000-0000-7000-8000-00000000ffff', 'admin'), 404);
    const promoted = await patch(user.id, 'admin');
    expect((await expectBody(promoted, 200, UserSchema)).role).toBe('admin');
    expect(promoted.headers.get('etag')).toBe('"2"');
    await expectProblem(await h.call('GET', '/api/v1/users/me', { token: user.token }), 401);
  });
});
