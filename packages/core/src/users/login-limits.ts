import { KernelErrors, type RateLimited } from '../kernel/errors.js';
import { err, ok, type Result } from '../kernel/result.js';
import type { RateLimit, RateLimiter } from './rate-limiter.js';

/**
 * How many sign-in attempts are allowed per window. Guessing is slowed per account from one address
 * (the tight limit), per address across accounts, and per account across addresses — the last with
 * a much higher ceiling, so an attacker elsewhere cannot lock the owner out with a few wrong guesses.
 */
export interface LoginLimits {
  readonly perAccountAndAddress: RateLimit;
  readonly perAddress: RateLimit;
  readonly perAccount: RateLimit;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = {
  perAccountAndAddress: { limit: 10, windowSeconds: 900 },
  perAddress: { limit: 50, windowSeconds: 900 },
  perAccount: { limit: 100, windowSeconds: 900 },
};

/** Counts one sign-in attempt against every limit; refused when any is exhausted. */
export async function consumeLoginAttempt(
  limiter: RateLimiter,
  limits: LoginLimits,
  email: string,
  address: string,
): Promise<Result<void, RateLimited>> {
  const account = email.trim().toLowerCase();
  const decisions = await Promise.all([
    limiter.consume(
      `login:account-address:${account}:${address}`,
      limits.perAccountAndAddress.limit,
      limits.perAccountAndAddress.windowSeconds,
    ),
    limiter.consume(`login:address:${address}`, limits.perAddress.limit, limits.perAddress.windowSeconds),
    limiter.consume(`login:account:${account}`, limits.perAccount.limit, limits.perAccount.windowSeconds),
  ]);
  const refused = decisions.filter((d) => !d.allowed);
  if (refused.length === 0) return ok(undefined);
  return err(KernelErrors.rateLimited('sign-in attempts', Math.max(...refused.map((d) => d.retryAfterSeconds))));
}
