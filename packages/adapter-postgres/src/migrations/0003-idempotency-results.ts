import type { Knex } from 'knex';

/**
 * Idempotency keys store the use case's own result (opaque JSON) instead of an HTTP status and
 * body. Stored keys are dropped: they expire within a day anyway, and a replay of the old shape
 * would not be the result the new code expects.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    DELETE FROM idempotency_keys;
    ALTER TABLE idempotency_keys DROP COLUMN response_status;
    ALTER TABLE idempotency_keys RENAME COLUMN response_body TO result;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DELETE FROM idempotency_keys;
    ALTER TABLE idempotency_keys RENAME COLUMN result TO response_body;
    ALTER TABLE idempotency_keys ADD COLUMN response_status integer;
  `);
}
