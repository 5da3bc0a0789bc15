import type { Knex } from 'knex';

/**
 * Indexes the retention sweeps walk, oldest first:
 * - `outbox_published_at` covers published rows only. The unpublished rows already have their own
 *   partial indexes for the relay, and they are never deleted, so they stay out of this one. Without
 *   it a sweep that finds nothing old would scan the whole table each time (published_at is not in
 *   id order once a row has waited for a retry).
 * - `processed_messages_processed_at`: the inbox's primary key is (consumer, event_id), no help for age.
 *
 * Built CONCURRENTLY, outside a transaction (`config.transaction = false`), because the tables this
 * migration exists for may already be large: a plain CREATE INDEX would block every insert into the
 * outbox — every use case that records an event — for as long as the build takes.
 * A build that failed halfway leaves an INVALID index behind, so each is dropped first: the
 * migration is recorded only once both indexes are built, so a rerun starts clean.
 */
export const config = { transaction: false };

export async function up(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX CONCURRENTLY IF EXISTS outbox_published_at');
  await knex.raw('CREATE INDEX CONCURRENTLY outbox_published_at ON outbox (published_at) WHERE published_at IS NOT NULL');
  await knex.raw('DROP INDEX CONCURRENTLY IF EXISTS processed_messages_processed_at');
  await knex.raw('CREATE INDEX CONCURRENTLY processed_messages_processed_at ON processed_messages (processed_at)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX CONCURRENTLY IF EXISTS processed_messages_processed_at');
  await knex.raw('DROP INDEX CONCURRENTLY IF EXISTS outbox_published_at');
}
