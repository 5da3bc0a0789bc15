import { Principals, type Principal } from '@hexabill/core';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.js';
import { problemResponse } from '../problem/problem.js';

/** Port of this adapter: turns a bearer token into a principal, or null when it is not valid. */
export interface AccessTokenVerifier {
  verify(token: string): Promise<Principal | null>;
}

const BEARER = /^Bearer ([A-Za-z0-9\-_.~+/]+=*)$/;

/**
 * Puts the caller's principal on the context: anonymous without an Authorization header; 401 for
 * a header that is not a valid bearer token (expired, tampered, `alg: none`, wrong audience …).
 */
export function authenticate(verifier: AccessTokenVerifier): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization');
    if (header === undefined) {
      c.set('principal', Principals.anonymous());
      return next();
    }
    const token = BEARER.exec(header)?.[1];
    const principal = token ? await verifier.verify(token) : null;
    if (!principal) return problemResponse(c, 401, 'UNAUTHENTICATED', 'The bearer token is missing, malformed, expired or invalid.');
    c.set('principal', principal);
    return next();
  };
}

/** Route guard: any authenticated principal. Runs before body validation, so 401 comes before 422. */
export const requireUser: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.get('principal').kind === 'anonymous') return problemResponse(c, 401, 'UNAUTHENTICATED', 'Authentication is required.');
  return next();
};

/** Route guard: admins (and the system). The use case checks again; this answers before validation. */
export const requireAdmin: MiddlewareHandler<AppEnv> = async (c, next) => {
  const principal = c.get('principal');
  if (principal.kind === 'anonymous') return problemResponse(c, 401, 'UNAUTHENTICATED', 'Authentication is required.');
  if (principal.kind === 'user' && principal.role !== 'admin')
    return problemResponse(c, 403, 'FORBIDDEN', 'You are not allowed to do this.');
  return next();
};
