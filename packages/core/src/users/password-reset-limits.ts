import { KernelErrors, type RateLimited } from '../kernel/errors.js';
import { err, ok, type Result } from '../kernel/result.js';
import type { RateLimit, RateLimiter } from './rate-limiter.js';

/**
 * How many reset e-mails may be asked for: per address asked about (so nobody's inbox is flooded)
 * and per client address (so nobody sprays the whole user base). Both count whether or not the
 * address belongs to an account, so a refusal tells nothing either.
 */
export interface PasswordResetLimits {
  readonly perEmail: RateLimit;
  readonly perClientAddress: RateLimit;
}

export const DEFAULT_PASSWORD_RESET_LIMITS: PasswordResetLimits = {
  perEmail: { limit: 3, windowSeconds: 3600 },
  perClientAddress: { limit: 20, windowSeconds: 3600 },
};

export async function consumePasswordResetAttempt(
  limiter: RateLimiter,
  limits: PasswordResetLimits,
  email: string,
  address: string,
): Promise<Result<void, RateLimited>> {
  const decisions = await Promise.all([
    limiter.consume(`password-reset:email:${email}`, limits.perEmail.limit, limits.perEmail.windowSeconds),
    limiter.consume(`password-reset:address:${address}`, limits.perClientAddress.limit, limits.perClientAddress.windowSeconds),
  ]);
  const refused = decisions.filter((d) => !d.allowed);
  if (refused.length === 0) return ok(undefined);
  return err(KernelErrors.rateLimited('password reset requests', Math.max(...refused.map((d) => d.retryAfterSeconds))));
}
