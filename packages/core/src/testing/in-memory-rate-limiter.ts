import { systemClock, type Clock } from '../kernel/clock.js';
import type { RateLimitDecision, RateLimiter } from '../users/rate-limiter.js';

/** Fixed windows in memory, with the same semantics as the PostgreSQL limiter. */
export class InMemoryRateLimiter implements RateLimiter {
  readonly #windows = new Map<string, { startedAt: number; count: number }>();

  constructor(private readonly clock: Clock = systemClock) {}

  consume(key: string, limit: number, windowSeconds: number): Promise<RateLimitDecision> {
    const now = this.clock.now().getTime();
    const windowMs = windowSeconds * 1000;
    const current = this.#windows.get(key);
    const window = current && now - current.startedAt < windowMs ? { ...current, count: current.count + 1 } : { startedAt: now, count: 1 };
    this.#windows.set(key, window);
    const allowed = window.count <= limit;
    return Promise.resolve({
      allowed,
      remaining: Math.max(0, limit - window.count),
      retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((window.startedAt + windowMs - now) / 1000)),
    });
  }
}
