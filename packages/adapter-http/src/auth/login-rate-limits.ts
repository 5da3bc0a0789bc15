import type { RateLimiter } from '@hexabill/core';

/** Limits on POST /auth/token: attempts per account and per client address, per window. */
export interface LoginRateLimits {
  readonly limiter: RateLimiter;
  readonly perAccount: { readonly limit: number; readonly windowSeconds: number };
  readonly perAddress: { readonly limit: number; readonly windowSeconds: number };
}
