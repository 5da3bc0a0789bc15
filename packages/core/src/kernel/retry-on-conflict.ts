import type { Result } from './result.js';
import { timers } from './timers.js';

export interface RetryOptions {
  readonly maxAttempts: number;
  /** The first wait; each retry waits up to twice as long as the one before, at random (full jitter). */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

/**
 * Enough for 20 writers of one row at once on a busy machine (tested end to end): each round of
 * contention lets one through, so the later ones need room to spread out — up to ~1.5 s in all.
 */
export const DEFAULT_RETRY: RetryOptions = { maxAttempts: 12, baseDelayMs: 5, maxDelayMs: 250 };

/**
 * Runs `attempt` again while it fails with `CONCURRENCY_CONFLICT`: the work re-reads fresh state
 * each time, so a concurrent writer's change is kept, not overwritten. Waits between tries are
 * random, so writers that collided once do not collide again in lockstep.
 */
export async function retryOnConflict<T, E extends { readonly code: string }>(
  attempt: () => Promise<Result<T, E>>,
  options: RetryOptions = DEFAULT_RETRY,
): Promise<Result<T, E>> {
  let result = await attempt();
  for (let tries = 1; tries < options.maxAttempts && result.isErr() && result.error.code === 'CONCURRENCY_CONFLICT'; tries += 1) {
    const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** tries);
    await new Promise<void>((resolve) => timers.setTimeout(resolve, Math.random() * ceiling));
    result = await attempt();
  }
  return result;
}
