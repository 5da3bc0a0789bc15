import type { Sweeper } from '@hexabill/core';
import type { Db } from '../pg-database.js';
import { sweepInBatches } from './batched-sweep.js';
import { deleteProcessedMessagesBatch } from './retention-queries.js';
import { resolveRetentionOptions, type ResolvedRetentionOptions, type RetentionOptions } from './retention-options.js';

/**
 * Deletes inbox rows (processed_messages) older than the window. Once a row is gone a redelivery
 * of its message is no longer recognised as a duplicate, so the window must outlast every
 * redelivery the broker can still make: longer than the queue's retention plus its dead-letter
 * queue's (the composition root checks this against the topology at start-up).
 */
export class PgInboxRetentionSweeper implements Sweeper {
  readonly name = 'processed_messages';
  readonly #options: ResolvedRetentionOptions;

  constructor(
    private readonly db: Db,
    options: RetentionOptions,
  ) {
    this.#options = resolveRetentionOptions(this.name, options);
  }

  sweep(now: Date): Promise<number> {
    return sweepInBatches((cutoff, limit) => deleteProcessedMessagesBatch(this.db, cutoff, limit), now, this.#options);
  }
}
