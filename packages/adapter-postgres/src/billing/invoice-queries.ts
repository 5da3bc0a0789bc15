import { offsetOf, type InvoiceFilter, type PageRequest } from '@hexabill/core';
import type { Db } from '../pg-database.js';
import { insertInto, statement, updateAtVersion, valuesOf, type Statement } from '../sql.js';
import { INVOICE_COLUMNS, type InvoiceRow } from './invoice-row.js';

/** One statement per function, named for what it does. */

export const INVOICES_USER_FKEY = 'invoices_user_id_fkey';

const COLUMNS = INVOICE_COLUMNS.join(', ');
const BY_ID = statement('invoices.by-id', `SELECT ${COLUMNS} FROM invoices WHERE id = $1`);
const INSERT = statement('invoices.insert', insertInto('invoices', INVOICE_COLUMNS));
const UPDATE = statement('invoices.update-at-version', updateAtVersion('invoices', INVOICE_COLUMNS));
const LOCK_OF_USER = statement('invoices.lock-of-user', `SELECT ${COLUMNS} FROM invoices WHERE user_id = $1 ORDER BY id FOR UPDATE`);
const DELETE_OF_USER = statement('invoices.delete-of-user', 'DELETE FROM invoices WHERE user_id = $1 RETURNING id');

interface FilteredStatements {
  readonly page: Statement;
  readonly count: Statement;
}

/**
 * One pair of statements per filter combination, so each gets a plan that uses its index (one
 * statement with `$1 IS NULL OR …` would get a generic plan serving none of them well).
 */
function filtered(byUser: boolean, byStatus: boolean): FilteredStatements {
  const conditions = [...(byUser ? ['user_id'] : []), ...(byStatus ? ['status'] : [])].map((c, i) => `${c} = $${String(i + 1)}`);
  const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
  const n = conditions.length;
  const name = `invoices${byUser ? '.user' : ''}${byStatus ? '.status' : ''}`;
  return {
    page: statement(
      `${name}.page`,
      `SELECT ${COLUMNS}, count(*) OVER () AS total FROM invoices ${where}
        ORDER BY created_at DESC, id DESC LIMIT $${String(n + 1)} OFFSET $${String(n + 2)}`,
    ),
    count: statement(`${name}.count`, `SELECT count(*) AS count FROM invoices ${where}`),
  };
}

const FILTERED = [filtered(false, false), filtered(true, false), filtered(false, true), filtered(true, true)] as const;

function filterOf(filter: InvoiceFilter): { statements: FilteredStatements; values: unknown[] } {
  const values = [filter.userId, filter.status].filter((v) => v !== undefined);
  const statements = FILTERED[(filter.userId === undefined ? 0 : 1) + (filter.status === undefined ? 0 : 2)] ?? FILTERED[0];
  return { statements, values };
}

export async function selectInvoiceById(db: Db, id: string): Promise<InvoiceRow | undefined> {
  return (await db.rows<InvoiceRow>(BY_ID, [id]))[0];
}

export async function insertInvoice(db: Db, row: InvoiceRow): Promise<void> {
  await db.count(INSERT, valuesOf(row, INVOICE_COLUMNS));
}

/** Writes `row` (carrying the new version) only if the stored version is still `expectedVersion`; returns rows written. */
export function updateInvoiceAtVersion(db: Db, row: InvoiceRow, expectedVersion: number): Promise<number> {
  return db.count(UPDATE, [...valuesOf(row, INVOICE_COLUMNS), expectedVersion]);
}

/** Every invoice of the user, locked (`FOR UPDATE`) until the transaction ends. */
export function lockInvoicesOfUser(db: Db, userId: string): Promise<InvoiceRow[]> {
  return db.rows<InvoiceRow>(LOCK_OF_USER, [userId]);
}

export async function deleteInvoicesOfUser(db: Db, userId: string): Promise<string[]> {
  return (await db.rows<{ id: string }>(DELETE_OF_USER, [userId])).map((r) => r.id);
}

/** A filtered page, newest first, with the total from a window count in the same statement. */
export function selectInvoicesPage(db: Db, filter: InvoiceFilter, page: PageRequest): Promise<(InvoiceRow & { total: string })[]> {
  const { statements, values } = filterOf(filter);
  return db.rows<InvoiceRow & { total: string }>(statements.page, [...values, page.pageSize, offsetOf(page)]);
}

export async function countInvoices(db: Db, filter: InvoiceFilter): Promise<number> {
  const { statements, values } = filterOf(filter);
  const [row] = await db.rows<{ count: string }>(statements.count, values);
  return Number(row?.count ?? 0);
}
