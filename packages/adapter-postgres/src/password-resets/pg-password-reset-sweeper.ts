import type { Sweeper } from '@hexabill/core';
import type { Db } from '../pg-database.js';
import { sweepInBatches } from '../retention/batched-sweep.js';
import { resolveRetentionOptions, type ResolvedRetentionOptions, type RetentionOptions } from '../retention/retention-options.js';
import { deleteExpiredPasswordResets } from './password-reset-queries.js';

/** Deletes password resets that expired more than the window ago: used or not, they can do nothing any more. */
export class PgPasswordResetSweeper implements Sweeper {
  readonly name = 'password_resets';
  readonly #options: ResolvedRetentionOptions;

  constructor(
    private readonly db: Db,
    options: RetentionOptions,
  ) {
    this.#options = resolveRetentionOptions(this.name, options);
  }

  sweep(now: Date): Promise<number> {
    return sweepInBatches((cutoff, limit) => deleteExpiredPasswordResets(this.db, cutoff, limit), now, this.#options);
  }
}
