import { offsetOf, type InvoiceFilter, type PageRequest, type SliceRequest } from '@hexabill/core';
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
  /** A numbered page with a window count (costly: it counts every matching row). */
  readonly page: Statement;
  readonly count: Statement;
  /** Keyset slices: the newest, those older than a row, those newer than a row. */
  readonly newest: Statement;
  readonly older: Statement;
  readonly newer: Statement;
}

/**
 * One set of statements per filter combination, so each gets a plan on its own (filter…, id) index
 * (one statement with `$1 IS NULL OR …` would get a generic plan serving none of them well).
 */
function filtered(byUser: boolean, byStatus: boolean): FilteredStatements {
  const conditions = [...(byUser ? ['user_id'] : []), ...(byStatus ? ['status'] : [])].map((c, i) => `${c} = $${String(i + 1)}`);
  const n = conditions.length;
  const where = (...more: string[]): string => {
    const all = [...conditions, ...more];
    return all.length > 0 ? `WHERE ${all.join(' AND ')}` : '';
  };
  const name = `invoices${byUser ? '.user' : ''}${byStatus ? '.status' : ''}`;
  const limit = `$${String(n + 1)}`;
  const position = `$${String(n + 2)}`;
  return {
    page: statement(
      `${name}.page`,
      `SELECT ${COLUMNS}, count(*) OVER () AS total FROM invoices ${where()} ORDER BY id DESC LIMIT ${limit} OFFSET ${position}`,
    ),
    count: statement(`${name}.count`, `SELECT count(*) AS count FROM invoices ${where()}`),
    newest: statement(`${name}.newest`, `SELECT ${COLUMNS} FROM invoices ${where()} ORDER BY id DESC LIMIT ${limit}`),
    older: statement(`${name}.older`, `SELECT ${COLUMNS} FROM invoices ${where(`id < ${position}`)} ORDER BY id DESC LIMIT ${limit}`),
    newer: statement(`${name}.newer`, `SELECT ${COLUMNS} FROM invoices ${where(`id > ${position}`)} ORDER BY id ASC LIMIT ${limit}`),
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

/** `limit + 1` rows in the direction of travel (see core's `sliceOf`). */
export function selectInvoicesSlice(db: Db, filter: InvoiceFilter, request: SliceRequest): Promise<InvoiceRow[]> {
  const { statements, values } = filterOf(filter);
  const fetch = request.limit + 1;
  if (request.before !== undefined) return db.rows<InvoiceRow>(statements.newer, [...values, fetch, request.before]);
  if (request.after !== undefined) return db.rows<InvoiceRow>(statements.older, [...values, fetch, request.after]);
  return db.rows<InvoiceRow>(statements.newest, [...values, fetch]);
}

export async function countInvoices(db: Db, filter: InvoiceFilter): Promise<number> {
  const { statements, values } = filterOf(filter);
  const [row] = await db.rows<{ count: string }>(statements.count, values);
  return Number(row?.count ?? 0);
}
