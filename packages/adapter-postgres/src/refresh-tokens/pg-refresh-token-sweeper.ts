import type { Sweeper } from '@hexabill/core';
import type { Db } from '../pg-database.js';
import { sweepInBatches } from '../retention/batched-sweep.js';
import { resolveRetentionOptions, type ResolvedRetentionOptions, type RetentionOptions } from '../retention/retention-options.js';
import { deleteEndedRefreshTokens } from './refresh-token-queries.js';

/**
 * Deletes the refresh tokens of sessions that ended by their lifetime more than the window ago.
 * Every login and every refresh adds a row, so without this the table grows for ever; a token of
 * an ended session is refused whether its row exists or not.
 */
export class PgRefreshTokenSweeper implements Sweeper {
  readonly name = 'refresh_tokens';
  readonly #options: ResolvedRetentionOptions;

  constructor(
    private readonly db: Db,
    options: RetentionOptions,
  ) {
    this.#options = resolveRetentionOptions(this.name, options);
  }

  sweep(now: Date): Promise<number> {
    return sweepInBatches((cutoff, limit) => deleteEndedRefreshTokens(this.db, cutoff, limit), now, this.#options);
  }
}
