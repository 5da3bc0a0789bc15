import type { RouteHandler } from '@hono/zod-openapi';
import type { UseCases } from '@hexabill/core';
import type { Context } from 'hono';
import type { AppEnv } from '../app-env.js';
import type { LoginRateLimits } from './login-rate-limits.js';
import { tokenJson } from '../json-views.js';
import { HttpProblem, valueOrProblem } from '../problem/problem.js';
import { requestContext } from '../request-context.js';
import type { issueToken } from './auth.routes.js';

/**
 * Counts a login attempt against the account and the client address; refuses with 429 and
 * Retry-After once either is over its limit. Attempts count whether or not they succeed, so
 * guessing is slowed however the guesses are spread.
 */
async function enforceLoginLimits(limits: LoginRateLimits, email: string, address: string): Promise<void> {
  const [byAccount, byAddress] = await Promise.all([
    limits.limiter.consume(`login:account:${email.trim().toLowerCase()}`, limits.perAccount.limit, limits.perAccount.windowSeconds),
    limits.limiter.consume(`login:address:${address}`, limits.perAddress.limit, limits.perAddress.windowSeconds),
  ]);
  const refused = [byAccount, byAddress].filter((d) => !d.allowed);
  if (refused.length > 0) {
    const retryAfter = Math.max(...refused.map((d) => d.retryAfterSeconds));
    throw new HttpProblem(429, 'RATE_LIMITED', 'Too many sign-in attempts. Try again later.', { 'Retry-After': String(retryAfter) });
  }
}

export function authHandlers(
  useCases: UseCases,
  limits: LoginRateLimits | undefined,
  clientAddress: ((c: Context<AppEnv>) => string | undefined) | undefined,
): { issueToken: RouteHandler<typeof issueToken, AppEnv> } {
  return {
    issueToken: async (c) => {
      const credentials = c.req.valid('json');
      if (limits) await enforceLoginLimits(limits, credentials.email, clientAddress?.(c) ?? 'unknown');
      const token = valueOrProblem(await useCases.authenticateUser.execute(credentials, requestContext(c)));
      return c.json(tokenJson(token), 200, { 'Cache-Control': 'no-store' });
    },
  };
}
