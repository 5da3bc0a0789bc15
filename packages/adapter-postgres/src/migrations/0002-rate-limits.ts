import type { Knex } from 'knex';

/** Fixed-window counters for rate limits shared by every API instance. */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE rate_limits (
      key               text PRIMARY KEY,
      window_started_at timestamptz NOT NULL,
      count             integer NOT NULL CHECK (count >= 0)
    );
    CREATE INDEX rate_limits_window ON rate_limits (window_started_at);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE IF EXISTS rate_limits');
}
