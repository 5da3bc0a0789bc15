import type { RateLimitDecision, RateLimiter } from '@hexabill/core';
import type { Knex } from 'knex';
import { countAttempt } from './rate-limit-queries.js';

/** Fixed-window rate limits in PostgreSQL: one atomic upsert per attempt, shared by every instance. */
export class KnexRateLimiter implements RateLimiter {
  constructor(private readonly knex: Knex) {}

  async consume(key: string, limit: number, windowSeconds: number): Promise<RateLimitDecision> {
    const { count, secondsLeft } = await countAttempt(this.knex, key, windowSeconds);
    const allowed = count <= limit;
    return { allowed, remaining: Math.max(0, limit - count), retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil(secondsLeft)) };
  }
}
