import { describe, expect, it } from 'vitest';
import type { RateLimiter } from '../../users/rate-limiter.js';
import { timers } from '../../kernel/timers.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => timers.setTimeout(resolve, ms));

/** What every rate limiter must do. */
export function rateLimiterContract(name: string, makeLimiter: () => Promise<RateLimiter>): void {
  describe(`rate limiter contract: ${name}`, () => {
    it('allows `limit` attempts in a window, then refuses with a retry time within the window', async () => {
      const limiter = await makeLimiter();
      const key = `k-${String(Math.random())}`;
      const decisions = [];
      for (let i = 0; i < 4; i += 1) decisions.push(await limiter.consume(key, 3, 60));
      expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, false]);
      expect(decisions.map((d) => d.remaining)).toEqual([2, 1, 0, 0]);
      expect(decisions[3]?.retryAfterSeconds).toBeGreaterThanOrEqual(1);
      expect(decisions[3]?.retryAfterSeconds).toBeLessThanOrEqual(60);
    });

    it('counts keys separately', async () => {
      const limiter = await makeLimiter();
      const a = `a-${String(Math.random())}`;
      await limiter.consume(a, 1, 60);
      expect((await limiter.consume(a, 1, 60)).allowed).toBe(false);
      expect((await limiter.consume(`b-${String(Math.random())}`, 1, 60)).allowed).toBe(true);
    });

    it('starts a new window once the old one is over', async () => {
      const limiter = await makeLimiter();
      const key = `w-${String(Math.random())}`;
      await limiter.consume(key, 1, 1);
      expect((await limiter.consume(key, 1, 1)).allowed).toBe(false);
      await sleep(1_100);
      expect((await limiter.consume(key, 1, 1)).allowed).toBe(true);
    });

    it('counts concurrent attempts exactly', async () => {
      const limiter = await makeLimiter();
      const key = `c-${String(Math.random())}`;
      const decisions = await Promise.all(Array.from({ length: 20 }, () => limiter.consume(key, 5, 60)));
      expect(decisions.filter((d) => d.allowed)).toHaveLength(5);
    });
  });
}
