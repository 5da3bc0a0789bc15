/** How one retention sweeper deletes: what counts as old, and how much it deletes per statement and per call. */
export interface RetentionOptions {
  /** Rows older than this many seconds go. */
  readonly windowSeconds: number;
  /** Rows per DELETE statement (default 500): small enough that each statement's locks last milliseconds. */
  readonly batchSize?: number;
  /**
   * No new batch starts after this many milliseconds of one `sweep` call (default 5 000), so a
   * backlog is worked off over several timer ticks instead of holding a worker's connection for
   * minutes. `Infinity` drains everything (the operator's on-demand run).
   */
  readonly budgetMs?: number;
}

export const DEFAULT_RETENTION_BATCH_SIZE = 500;
export const DEFAULT_RETENTION_BUDGET_MS = 5_000;

export interface ResolvedRetentionOptions {
  readonly windowSeconds: number;
  readonly batchSize: number;
  readonly budgetMs: number;
}

/** Checks the options once, at construction, with a message naming the field. */
export function resolveRetentionOptions(name: string, options: RetentionOptions): ResolvedRetentionOptions {
  const { windowSeconds, batchSize = DEFAULT_RETENTION_BATCH_SIZE, budgetMs = DEFAULT_RETENTION_BUDGET_MS } = options;
  if (!Number.isFinite(windowSeconds) || windowSeconds <= 0) {
    throw new RangeError(`${name} retention: windowSeconds must be a positive number of seconds, got ${String(windowSeconds)}`);
  }
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) {
    throw new RangeError(`${name} retention: batchSize must be a whole number from 1 to 10000, got ${String(batchSize)}`);
  }
  if (Number.isNaN(budgetMs) || budgetMs <= 0) {
    throw new RangeError(`${name} retention: budgetMs must be a positive number of milliseconds, got ${String(budgetMs)}`);
  }
  return { windowSeconds, batchSize, budgetMs };
}
