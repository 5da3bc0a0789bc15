/** The answer to one attempt against a limit. */
export interface RateLimitDecision {
  readonly allowed: boolean;
  /** Attempts left in the current window. */
  readonly remaining: number;
  /** When refused: whole seconds until the window ends. */
  readonly retryAfterSeconds: number;
}

/**
 * Port: counts attempts per key in fixed windows. Shared by every API instance (PostgreSQL in
 * production), so a limit holds however many instances run.
 */
export interface RateLimiter {
  consume(key: string, limit: number, windowSeconds: number): Promise<RateLimitDecision>;
}

export interface RateLimit {
  readonly limit: number;
  readonly windowSeconds: number;
}
