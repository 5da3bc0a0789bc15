import type { Db } from '../pg-database.js';
import { statement, type Statement } from '../sql.js';

/**
 * One batch of a retention sweep: `$1` is the cutoff (rows older go), `$2` the batch size.
 *
 * Why this shape:
 * - Each batch is one autocommitted statement, so its row locks last as long as the statement
 *   (a few milliseconds for a few hundred rows) and no longer; no transaction spans batches.
 * - The inner SELECT walks the age index oldest first and locks what it takes `FOR UPDATE SKIP
 *   LOCKED`: two workers sweeping at once each take rows the other has not locked, so neither waits
 *   for the other and no row is deleted (or counted) twice.
 * - The outer DELETE finds the locked rows by `ctid` (a TID scan: straight to the tuple, no second
 *   index lookup). The ctid cannot go stale in between: the row is locked, so nobody else can
 *   update or delete it until this statement commits. `= ANY(ARRAY(…))` makes PostgreSQL run the
 *   subquery once, before the scan, instead of planning it as a join.
 * - Nothing else ever locks the rows taken: the relay claims and marks only unpublished outbox rows
 *   (which this never touches), and consumers only insert into the inbox. An insert of a key whose
 *   old row is being deleted waits for that one batch at most.
 *
 * Primary-key ranges were the alternative; they suit the outbox (ids roughly follow age) but not the
 * inbox, whose key (consumer, event_id) says nothing about age. Time partitions with DROP were the
 * other: the inbox's uniqueness would then have to include the partition key, and a duplicate landing
 * in a later partition than its original would no longer be recognised.
 */
const DELETE_PUBLISHED_OUTBOX = statement(
  'retention.delete-published-outbox',
  `DELETE FROM outbox
    WHERE ctid = ANY (ARRAY(
      SELECT ctid FROM outbox
       WHERE published_at IS NOT NULL AND published_at < $1
       ORDER BY published_at
       LIMIT $2
       FOR UPDATE SKIP LOCKED))`,
);

const DELETE_PROCESSED_MESSAGES = statement(
  'retention.delete-processed-messages',
  `DELETE FROM processed_messages
    WHERE ctid = ANY (ARRAY(
      SELECT ctid FROM processed_messages
       WHERE processed_at < $1
       ORDER BY processed_at
       LIMIT $2
       FOR UPDATE SKIP LOCKED))`,
);

/**
 * Sizes from the catalogue, cheap whatever the table holds (no count(*)):
 * - rows: PostgreSQL's own estimate, the row density of the last VACUUM/ANALYZE times the table's
 *   current pages (how the planner scales it); null before the table was ever analysed;
 * - bytes: heap, indexes and TOAST together;
 * - dead rows: the statistics system's count of deleted rows not yet vacuumed away.
 */
const TABLE_SIZES = statement(
  'retention.table-sizes',
  `SELECT t.name AS table_name,
          CASE
            WHEN c.reltuples < 0 THEN NULL
            WHEN c.relpages = 0 THEN CASE WHEN pg_relation_size(c.oid) = 0 THEN 0 ELSE NULL END
            ELSE round(c.reltuples / c.relpages * (pg_relation_size(c.oid) / current_setting('block_size')::numeric))
          END AS estimated_rows,
          pg_total_relation_size(c.oid) AS total_bytes,
          coalesce(s.n_dead_tup, 0) AS dead_rows
     FROM unnest($1::text[]) WITH ORDINALITY AS t(name, position)
     JOIN pg_class c ON c.oid = to_regclass(t.name)
     LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid
    ORDER BY t.position`,
);

export function deletePublishedOutboxBatch(db: Db, cutoff: Date, limit: number): Promise<number> {
  return db.count(DELETE_PUBLISHED_OUTBOX, [cutoff, limit]);
}

export function deleteProcessedMessagesBatch(db: Db, cutoff: Date, limit: number): Promise<number> {
  return db.count(DELETE_PROCESSED_MESSAGES, [cutoff, limit]);
}

export interface TableSizeRow {
  table_name: string;
  estimated_rows: string | null;
  total_bytes: string;
  dead_rows: string;
}

export function selectTableSizes(db: Db, tables: readonly string[]): Promise<TableSizeRow[]> {
  return db.rows<TableSizeRow>(TABLE_SIZES, [tables]);
}

/** For the EXPLAIN checks in the tests: the statements exactly as the sweepers send them. */
export const RETENTION_STATEMENTS: Readonly<Record<'outbox' | 'processed_messages', Statement>> = {
  outbox: DELETE_PUBLISHED_OUTBOX,
  processed_messages: DELETE_PROCESSED_MESSAGES,
};
