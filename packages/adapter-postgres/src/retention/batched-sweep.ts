import type { ResolvedRetentionOptions } from './retention-options.js';

/** Deletes up to `limit` rows older than `cutoff`; returns how many went. */
export type DeleteBatch = (cutoff: Date, limit: number) => Promise<number>;

/**
 * Runs `deleteBatch` until a batch comes back short (nothing old is left, or what is left is being
 * deleted by another worker right now) or the time budget is spent; returns the rows removed.
 * Between batches nothing is held, so writers and other sweepers interleave freely.
 */
export async function sweepInBatches(deleteBatch: DeleteBatch, now: Date, options: ResolvedRetentionOptions): Promise<number> {
  const cutoff = new Date(now.getTime() - options.windowSeconds * 1000);
  const started = performance.now();
  let removed = 0;
  for (;;) {
    const batch = await deleteBatch(cutoff, options.batchSize);
    removed += batch;
    if (batch < options.batchSize || performance.now() - started >= options.budgetMs) return removed;
  }
}
