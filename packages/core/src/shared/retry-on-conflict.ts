import type { Result } from './result.js';

/**
 * Runs `attempt` again while it fails with `CONCURRENCY_CONFLICT`: the work re-reads fresh state
 * each time, so a concurrent writer's change is kept, not overwritten.
 */
export async function retryOnConflict<T, E extends { readonly code: string }>(
  attempt: () => Promise<Result<T, E>>,
  maxAttempts = 5,
): Promise<Result<T, E>> {
  let result = await attempt();
  for (let tries = 1; tries < maxAttempts && result.isErr() && result.error.code === 'CONCURRENCY_CONFLICT'; tries += 1) {
    result = await attempt();
  }
  return result;
}
