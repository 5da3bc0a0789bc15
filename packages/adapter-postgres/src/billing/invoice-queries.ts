import { offsetOf, type InvoiceFilter, type PageRequest } from '@hexabill/core';
import type { Knex } from 'knex';
import type { InvoiceRow } from './invoice-row.js';

/** One function per SQL statement, named for what it does. */

export const INVOICES = 'invoices';
export const INVOICES_USER_FKEY = 'invoices_user_id_fkey';

type Db = Knex;

export async function selectInvoiceById(db: Db, id: string): Promise<InvoiceRow | undefined> {
  return db<InvoiceRow>(INVOICES).where({ id }).first();
}

export async function insertInvoice(db: Db, row: InvoiceRow): Promise<void> {
  await db<InvoiceRow>(INVOICES).insert(row);
}

/** Writes `row` (carrying the new version) only if the stored version is still `expectedVersion`; returns rows written. */
export async function updateInvoiceIfVersion(db: Db, row: InvoiceRow, expectedVersion: number): Promise<number> {
  const { id, ...changes } = row;
  return db<InvoiceRow>(INVOICES).where({ id, version: expectedVersion }).update(changes);
}

export async function deleteInvoicesOfUser(db: Db, userId: string): Promise<string[]> {
  const rows = await db<InvoiceRow>(INVOICES).where({ user_id: userId }).delete().returning<{ id: string }[]>('id');
  return rows.map((r) => r.id);
}

function whereFilter(query: Knex.QueryBuilder<InvoiceRow>, filter: InvoiceFilter): Knex.QueryBuilder<InvoiceRow> {
  if (filter.userId !== undefined) void query.where('user_id', filter.userId);
  if (filter.status !== undefined) void query.where('status', filter.status);
  return query;
}

/** A filtered page, newest first, with the total from a window count in the same statement. */
export async function selectInvoicesPage(db: Db, filter: InvoiceFilter, page: PageRequest): Promise<(InvoiceRow & { total: string })[]> {
  return whereFilter(db<InvoiceRow>(INVOICES), filter)
    .select<(InvoiceRow & { total: string })[]>('*', db.raw('count(*) OVER () AS total'))
    .orderBy([
      { column: 'created_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .limit(page.pageSize)
    .offset(offsetOf(page));
}

export async function countInvoices(db: Db, filter: InvoiceFilter): Promise<number> {
  const [row] = await whereFilter(db<InvoiceRow>(INVOICES), filter).count<{ count: string }[]>({ count: '*' });
  return Number(row?.count ?? 0);
}
