import type { Sweeper } from '@hexabill/core';
import type { Db } from '../pg-database.js';
import { sweepInBatches } from './batched-sweep.js';
import { deletePublishedOutboxBatch } from './retention-queries.js';
import { resolveRetentionOptions, type ResolvedRetentionOptions, type RetentionOptions } from './retention-options.js';

/**
 * Deletes outbox rows published more than the window ago. Published rows only serve debugging and
 * replay; an unpublished row is never deleted, however old, since it is an event still owed to
 * the broker.
 */
export class PgOutboxRetentionSweeper implements Sweeper {
  readonly name = 'outbox';
  readonly #options: ResolvedRetentionOptions;

  constructor(
    private readonly db: Db,
    options: RetentionOptions,
  ) {
    this.#options = resolveRetentionOptions(this.name, options);
  }

  sweep(now: Date): Promise<number> {
    return sweepInBatches((cutoff, limit) => deletePublishedOutboxBatch(this.db, cutoff, limit), now, this.#options);
  }
}
