import { sign } from 'hono/jwt';
import { describe, expect, it } from 'vitest';
import { TokenSchema } from '../src/schemas/auth-schemas.js';
import { UserSchema } from '../src/schemas/user-schemas.js';
import { JwtTokenService } from '../src/index.js';
import { DEFAULT_TEST_PASSWORD, expectBody, expectProblem, harness, JWT } from './harness.js';

const now = () => Math.floor(Date.now() / 1000);

describe('POST /api/v1/auth/token', () => {
  it('issues a bearer token that opens the API', async () => {
    const h = harness();
    const me = await h.userWithToken();
    const res = await h.call('POST', '/api/v1/auth/token', { body: { email: me.email, password: DEFAULT_TEST_PASSWORD } });
    const token = await expectBody(res, 200, TokenSchema);
    expect(token).toMatchObject({ token_type: 'Bearer', expires_in: 900 });
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
  async function probe(token: string): Promise<number> {
    const h = harness();
    return (await h.call('GET', '/api/v1/users/me', { token })).status;
  }
  const claims = (overrides: Record<string, unknown> = {}) => ({
    sub: '00000000-0000-7000-8000-000000000001',
    role: 'user',
    iss: JWT.issuer,
    aud: JWT.audience,
    iat: now(),
    exp: now() + 60,
    ...overrides,
  });

  it('accepts a valid token (the user may not exist: then it is 404, not 401)', async () => {
    expect(await probe(await sign(claims(), JWT.secret, 'HS256'))).toBe(404);
  });

  it.each([
    ['expired', async () => sign(claims({ exp: now() - 10 }), JWT.secret, 'HS256')],
    ['wrong audience', async () => sign(claims({ aud: 'someone-else' }), JWT.secret, 'HS256')],
    ['wrong issuer', async () => sign(claims({ iss: 'evil' }), JWT.secret, 'HS256')],
    ['without exp', async () => sign(claims({ exp: undefined }), JWT.secret, 'HS256')],
    ['signed with another key', async () => sign(claims(), 'another-secret-that-is-also-long-enough!!', 'HS256')],
    ['of an unknown role', async () => sign(claims({ role: 'root' }), JWT.secret, 'HS256')],
    ['whose subject is not a user id', async () => sign(claims({ sub: 'admin' }), JWT.secret, 'HS256')],
    ['of another algorithm', async () => sign(claims(), JWT.secret, 'HS512')],
    [
      'with alg none',
      () => {
        const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
        return Promise.resolve(`${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims())}.`);
      },
    ],
    [
      'tampered (role raised after signing)',
      async () => {
        const [header, , signature] = (await sign(claims(), JWT.secret, 'HS256')).split('.');
        return `${header}.${Buffer.from(JSON.stringify(claims({ role: 'admin' }))).toString('base64url')}.${signature}`;
      },
    ],
    ['that is garbage', () => Promise.resolve('not.a.jwt')],
  ])('refuses a token %s with 401', async (_name, make) => {
    expect(await probe(await make())).toBe(401);
  });

  it('refuses a malformed Authorization header with 401', async () => {
    const h = harness();
    await expectProblem(await h.call('GET', '/api/v1/users/me', { headers: { Authorization: 'Basic YTpi' } }), 401);
  });

  it('the token service refuses a short secret', () => {
    expect(() => new JwtTokenService({ ...JWT, secret: 'short' })).toThrow(/at least 32/);
  });
});

describe('JwtTokenService', () => {
  it('issues tokens any standard HS256 verifier accepts', async () => {
    const { verify } = await import('hono/jwt');
    const service = new JwtTokenService(JWT);
    const { accessToken } = await service.issue({ userId: '00000000-0000-7000-8000-000000000001', role: 'admin' });
    const claims = await verify(accessToken, JWT.secret, { alg: 'HS256', iss: JWT.issuer, aud: JWT.audience });
    expect(claims).toMatchObject({ sub: '00000000-0000-7000-8000-000000000001', role: 'admin' });
    expect(await service.verify(accessToken)).toEqual({ kind: 'user', id: '00000000-0000-7000-8000-000000000001', role: 'admin' });
  });

  it('refuses a token before nbf, and an over-long one', async () => {
    expect(
      await new JwtTokenService(JWT).verify(
        await sign(
          {
            ...{ sub: '00000000-0000-7000-8000-000000000001', role: 'user', iss: JWT.issuer, aud: JWT.audience },
            nbf: now() + 600,
            exp: now() + 900,
          },
          JWT.secret,
          'HS256',
        ),
      ),
    ).toBeNull();
    expect(await new JwtTokenService(JWT).verify('a'.repeat(5_000))).toBeNull();
  });

  it('accepts an audience list that includes ours', async () => {
    const token = await sign(
      { sub: '00000000-0000-7000-8000-000000000001', role: 'user', iss: JWT.issuer, aud: ['other', JWT.audience], exp: now() + 60 },
      JWT.secret,
      'HS256',
    );
    expect(await new JwtTokenService(JWT).verify(token)).not.toBeNull();
  });
});
