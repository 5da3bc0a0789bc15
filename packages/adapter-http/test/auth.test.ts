import { describe, expect, it } from 'vitest';
import { TokenSchema } from '../src/schemas/auth-schemas.js';
import { UserSchema } from '../src/schemas/user-schemas.js';
import { DEFAULT_TEST_PASSWORD, expectBody, expectProblem, harness } from './harness.js';

describe('POST /api/v1/auth/token', () => {
  it('issues a bearer token that opens the API', async () => {
    const h = harness();
    const me = await h.userWithToken();
    const res = await h.call('POST', '/api/v1/auth/token', { body: { email: me.email, password: DEFAULT_TEST_PASSWORD } });
    const token = await expectBody(res, 200, TokenSchema);
    expect(token.token_type).toBe('Bearer');
    expect(token.refresh_token).toEqual(expect.any(String));
    expect(token.expires_in).toBeGreaterThan(0);
    expect(res.headers.get('cache-control')).toBe('no-store');
    await expectBody(await h.call('GET', '/api/v1/users/me', { token: token.access_token }), 200, UserSchema);
  });

  it('answers an unknown email and a wrong password with the same 401', async () => {
    const h = harness();
    const me = await h.userWithToken();
    const wrong = await expectProblem(
      await h.call('POST', '/api/v1/auth/token', { body: { email: me.email, password: 'wrong-password' } }),
      401,
    );
    const unknown = await expectProblem(
      await h.call('POST', '/api/v1/auth/token', { body: { email: 'nobody@example.com', password: 'wrong-password' } }),
      401,
    );
    const strip = ({ request_id: _r, ...rest }: typeof wrong) => rest;
    expect(strip(wrong)).toEqual(strip(unknown));
    expect(wrong.code).toBe('INVALID_CREDENTIALS');
  });

  it('422 for a missing field', async () => {
    await expectProblem(await harness().call('POST', '/api/v1/auth/token', { body: { email: 'a@example.com' } }), 422);
  });
});

describe('bearer tokens', () => {
  it('accepts a valid token whatever the case of the scheme', async () => {
    const h = harness();
    const me = await h.userWithToken();
    for (const scheme of ['Bearer', 'bearer', 'BEARER']) {
      expect((await h.call('GET', '/api/v1/users/me', { headers: { Authorization: `${scheme} ${me.token}` } })).status).toBe(200);
    }
  });

  it('refuses a genuine token whose user no longer exists with 401', async () => {
    const h = harness();
    const { accessToken } = await h.tokens.issue({
      userId: '00000000-0000-7000-8000-000000000001',
      role: 'user',
      sessionVersion: 1,
      sessionId: '00000000-0000-7000-8000-0000000000a1',
    });
    await expectProblem(await h.call('GET', '/api/v1/users/me', { token: accessToken }), 401, 'UNAUTHENTICATED');
  });

  it.each([['Basic YTpi'], ['Bearer'], ['Bearer not a token'], ['Bearer fake-token.x.user.0']])(
    'refuses the Authorization header %j with 401 and a Bearer challenge',
    async (header) => {
      const response = await harness().call('GET', '/api/v1/users/me', { headers: { Authorization: header } });
      await expectProblem(response, 401, 'UNAUTHENTICATED');
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
    },
  );
});
