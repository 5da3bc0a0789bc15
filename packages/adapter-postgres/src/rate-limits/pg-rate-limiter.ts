import type { RateLimitDecision, RateLimiter, Sweeper } from '@hexabill/core';
import type { Db } from '../pg-database.js';
import { countAttempt, deleteStaleRateLimits } from './rate-limit-queries.js';

/** Fixed-window rate limits in PostgreSQL: one atomic upsert per attempt, shared by every instance. */
export class PgRateLimiter implements RateLimiter {
  constructor(private readonly db: Db) {}

  async consume(key: string, limit: number, windowSeconds: number): Promise<RateLimitDecision> {
    const { count, secondsLeft } = await countAttempt(this.db, key, windowSeconds);
    const allowed = count <= limit;
    return { allowed, remaining: Math.max(0, limit - count), retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil(secondsLeft)) };
  }
}

/** Deletes counters whose window ended more than `keepSeconds` ago (longer than any window in use). */
export class PgRateLimitSweeper implements Sweeper {
  readonly name = 'rate_limits';

  constructor(
    private readonly db: Db,
    private readonly keepSeconds = 24 * 3600,
  ) {}

  sweep(now: Date): Promise<number> {
    return deleteStaleRateLimits(this.db, now, this.keepSeconds);
  }
}
