import { accessTokensContract } from '@hexabill/core/testing/contracts';
import { sign, verify } from 'hono/jwt';
import { describe, expect, it } from 'vitest';
import { JwtTokenService } from '../src/index.js';

const JWT = { secret: 'test-secret-that-is-long-enough-for-hs256!', issuer: 'hexabill', audience: 'hexabill-api', ttlSeconds: 900 };
const USER_ID = '00000000-0000-7000-8000-000000000001';
const SESSION_ID = '00000000-0000-7000-8000-0000000000a1';
const SUBJECT = { userId: USER_ID, role: 'user' as const, sessionVersion: 1, sessionId: SESSION_ID };
const now = (): number => Math.floor(Date.now() / 1000);
const claims = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  sub: USER_ID,
  role: 'user',
  sv: 1,
  sid: SESSION_ID,
  iss: JWT.issuer,
  aud: JWT.audience,
  iat: now(),
  exp: now() + 60,
  ...overrides,
});

accessTokensContract('HS256 JWT', () => new JwtTokenService(JWT));

describe('JwtTokenService', () => {
  it('issues tokens an independent HS256 verifier accepts', async () => {
    const service = new JwtTokenService(JWT);
    const { accessToken } = await service.issue({ ...SUBJECT, role: 'admin', sessionVersion: 4 });
    const decoded = await verify(accessToken, JWT.secret, { alg: 'HS256', iss: JWT.issuer, aud: JWT.audience });
    expect(decoded).toMatchObject({ sub: USER_ID, role: 'admin', sv: 4, sid: SESSION_ID });
  });

  it('accepts a token signed elsewhere with our key, issuer and audience (an audience list included)', async () => {
    const service = new JwtTokenService(JWT);
    expect(await service.verify(await sign(claims(), JWT.secret, 'HS256'))).toEqual(SUBJECT);
    expect(await service.verify(await sign(claims({ aud: ['other', JWT.audience] }), JWT.secret, 'HS256'))).not.toBeNull();
  });

  it.each([
    ['expired', () => sign(claims({ exp: now() - 10 }), JWT.secret, 'HS256')],
    ['not yet valid (nbf)', () => sign(claims({ nbf: now() + 600, exp: now() + 900 }), JWT.secret, 'HS256')],
    ['of the wrong audience', () => sign(claims({ aud: 'someone-else' }), JWT.secret, 'HS256')],
    ['of the wrong issuer', () => sign(claims({ iss: 'evil' }), JWT.secret, 'HS256')],
    ['without exp', () => sign(claims({ exp: undefined }), JWT.secret, 'HS256')],
    ['signed with another key', () => sign(claims(), 'another-secret-that-is-also-long-enough!!', 'HS256')],
    ['of an unknown role', () => sign(claims({ role: 'root' }), JWT.secret, 'HS256')],
    ['whose subject is not a user id', () => sign(claims({ sub: 'admin' }), JWT.secret, 'HS256')],
    ['without a session version (issued before sessions existed)', () => sign(claims({ sv: undefined }), JWT.secret, 'HS256')],
    ['with a session version that is not a positive integer', () => sign(claims({ sv: 1.5 }), JWT.secret, 'HS256')],
    ['without a session id', () => sign(claims({ sid: undefined }), JWT.secret, 'HS256')],
    ['of another algorithm', () => sign(claims(), JWT.secret, 'HS512')],
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
    ['that is over-long', () => Promise.resolve('a'.repeat(5_000))],
  ])('refuses a token %s', async (_name, make) => {
    expect(await new JwtTokenService(JWT).verify(await make())).toBeNull();
  });

  it('remembers a verified token only until it expires, and never a refused one', async () => {
    let clock = now();
    const service = new JwtTokenService({ ...JWT, ttlSeconds: 60, now: () => clock });
    const { accessToken } = await service.issue(SUBJECT);
    expect(await service.verify(accessToken)).not.toBeNull();
    clock += 61;
    expect(await service.verify(accessToken)).toBeNull();
    const forged = `${accessToken.slice(0, -2)}AA`;
    expect(await service.verify(forged)).toBeNull();
    expect(await service.verify(forged)).toBeNull();
  });

  it('refuses a short secret', () => {
    expect(() => new JwtTokenService({ ...JWT, secret: 'short' })).toThrow(/at least 32/);
  });
});
