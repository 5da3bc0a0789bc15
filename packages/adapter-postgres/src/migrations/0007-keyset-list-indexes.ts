import type { Knex } from 'knex';

/**
 * Lists are newest first by id (UUIDv7: creation time first) and walked by keyset, so each filter
 * combination needs an index whose order is (filter…, id): the first page and any later page then
 * read `limit + 1` index entries, however large the table. The unfiltered lists use the primary key.
 * The old (created_at, id) indexes served the offset pages and their window count; they go.
 *
 * Built CONCURRENTLY, outside a transaction, so a large invoices table stays writable meanwhile; a
 * build that failed halfway leaves an INVALID index, hence the drop first.
 */
export const config = { transaction: false };

const INDEXES = [
  ['invoices_by_user_newest', 'invoices (user_id, id DESC)'],
  ['invoices_by_status_newest', 'invoices (status, id DESC)'],
  ['invoices_by_user_status_newest', 'invoices (user_id, status, id DESC)'],
] as const;
const REPLACED = [
  ['invoices_newest_first', 'invoices (created_at DESC, id DESC)'],
  ['invoices_by_user', 'invoices (user_id, created_at DESC, id DESC)'],
  ['invoices_by_status', 'invoices (status, created_at DESC, id DESC)'],
  ['users_newest_first', 'users (created_at DESC, id DESC)'],
] as const;

export async function up(knex: Knex): Promise<void> {
  for (const [name, on] of INDEXES) {
    await knex.raw(`DROP INDEX CONCURRENTLY IF EXISTS ${name}`);
    await knex.raw(`CREATE INDEX CONCURRENTLY ${name} ON ${on}`);
  }
  for (const [name] of REPLACED) await knex.raw(`DROP INDEX CONCURRENTLY IF EXISTS ${name}`);
}

export async function down(knex: Knex): Promise<void> {
  for (const [name, on] of REPLACED) {
    await knex.raw(`DROP INDEX CONCURRENTLY IF EXISTS ${name}`);
    await knex.raw(`CREATE INDEX CONCURRENTLY ${name} ON ${on}`);
  }
  for (const [name] of INDEXES) await knex.raw(`DROP INDEX CONCURRENTLY IF EXISTS ${name}`);
}
