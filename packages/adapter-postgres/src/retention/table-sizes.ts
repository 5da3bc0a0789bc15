import type { Db } from '../pg-database.js';
import { selectTableSizes } from './retention-queries.js';

/** The tables that only grow unless housekept. */
export const HOUSEKEPT_TABLES: readonly string[] = ['outbox', 'processed_messages', 'idempotency_keys', 'rate_limits'];

export interface TableSize {
  readonly table: string;
  /** PostgreSQL's estimate of live rows; null until the table has been vacuumed or analysed once. */
  readonly estimatedRows: number | null;
  /** Heap, indexes and TOAST, in bytes. */
  readonly totalBytes: number;
  /** Deleted rows waiting for VACUUM (an estimate of the vacuum work ahead). */
  readonly deadRows: number;
}

/**
 * Each table's size from the catalogue, for metrics: a few catalogue lookups, never a count(*)
 * over the table. Tables that do not exist are left out.
 */
export async function tableSizes(db: Db, tables: readonly string[] = HOUSEKEPT_TABLES): Promise<TableSize[]> {
  const rows = await selectTableSizes(db, tables);
  return rows.map((row) => ({
    table: row.table_name,
    estimatedRows: row.estimated_rows === null ? null : Number(row.estimated_rows),
    totalBytes: Number(row.total_bytes),
    deadRows: Number(row.dead_rows),
  }));
}
