import { AccessPolicy, Principals, type AuthenticateAccessToken } from '@hexabill/core';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.js';
import { domainProblem, problem } from '../problem/problem.js';

/** RFC 9110: the auth scheme is case-insensitive; the token is a token68. */
const BEARER = /^bearer +([A-Za-z0-9\-_.~+/]+=*)$/i;

/**
 * Puts the caller's principal on the context: anonymous without an Authorization header; 401 for
 * a header that is not a valid bearer token (expired, tampered, `alg: none`, wrong audience …) or
 * whose session ended (password or role changed, signed out everywhere, account deleted) — the
 * core decides, through `AuthenticateAccessToken`.
 */
export function authenticate(accessTokens: Pick<AuthenticateAccessToken, 'execute'>): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization');
    if (header === undefined) {
      c.set('principal', Principals.anonymous());
      return next();
    }
    const token = BEARER.exec(header)?.[1];
    const principal = token ? await accessTokens.execute({ token }) : null;
    if (!principal?.isOk()) {
      return problem(c, 401, 'UNAUTHENTICATED', 'The bearer token is missing, malformed, expired, revoked or invalid.');
    }
    c.set('principal', principal.value);
    return next();
  };
}

/**
 * Route guards, answering before the body is read or validated (so 401/403 come before 422). They
 * apply core's access policy — the use case applies it again; the guard only answers sooner.
 */
export const requireUser: MiddlewareHandler<AppEnv> = async (c, next) => {
  const actor = AccessPolicy.requireAuthenticated(c.get('principal'));
  return actor.isErr() ? domainProblem(c, actor.error) : next();
};

export const requireAdmin: MiddlewareHandler<AppEnv> = async (c, next) => {
  const admin = AccessPolicy.requireAdmin(c.get('principal'));
  return admin.isErr() ? domainProblem(c, admin.error) : next();
};
