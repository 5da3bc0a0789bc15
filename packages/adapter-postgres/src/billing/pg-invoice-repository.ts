import {
  err,
  Invoice,
  KernelErrors,
  ok,
  pageOf,
  sliceOf,
  UserErrors,
  type ConcurrencyConflict,
  type InvoiceFilter,
  type InvoiceRepository,
  type Page,
  type PageRequest,
  type Result,
  type Slice,
  type SliceRequest,
  type UserNotFound,
} from '@hexabill/core';
import type { Db } from '../pg-database.js';
import { isForeignKeyViolation } from '../pg-errors.js';
import {
  countInvoices,
  deleteInvoicesOfUser,
  insertInvoice,
  INVOICES_USER_FKEY,
  lockInvoicesOfUser,
  selectInvoiceById,
  selectInvoicesPage,
  selectInvoicesSlice,
  updateInvoiceAtVersion,
} from './invoice-queries.js';
import { fromInvoiceRow, toInvoiceRow } from './invoice-row.js';

export class PgInvoiceRepository implements InvoiceRepository {
  constructor(private readonly db: Db) {}

  async findById(id: string): Promise<Invoice | null> {
    const row = await selectInvoiceById(this.db, id);
    return row ? Invoice.restore(fromInvoiceRow(row)) : null;
  }

  async add(invoice: Invoice): Promise<Result<void, UserNotFound>> {
    try {
      await insertInvoice(this.db, toInvoiceRow(invoice.toSnapshot()));
    } catch (error) {
      // The foreign key is the check that the owner exists, races included.
      if (isForeignKeyViolation(error, INVOICES_USER_FKEY)) return err(UserErrors.notFound(invoice.userId));
      throw error;
    }
    return ok(undefined);
  }

  async save(invoice: Invoice): Promise<Result<void, ConcurrencyConflict>> {
    const expected = invoice.version;
    const updated = await updateInvoiceAtVersion(this.db, { ...toInvoiceRow(invoice.toSnapshot()), version: expected + 1 }, expected);
    if (updated === 0) return err(KernelErrors.concurrencyConflict('Invoice', invoice.id));
    invoice.markSaved();
    return ok(undefined);
  }

  async page(filter: InvoiceFilter, request: PageRequest): Promise<Page<Invoice>> {
    const rows = await selectInvoicesPage(this.db, filter, request);
    const total = rows[0] ? Number(rows[0].total) : await countInvoices(this.db, filter);
    return pageOf(
      rows.map(({ total: _total, ...row }) => Invoice.restore(fromInvoiceRow(row))),
      request,
      total,
    );
  }

  async slice(filter: InvoiceFilter, request: SliceRequest): Promise<Slice<Invoice>> {
    const slice = sliceOf(await selectInvoicesSlice(this.db, filter, request), request);
    return { ...slice, items: slice.items.map((row) => Invoice.restore(fromInvoiceRow(row))) };
  }

  count(filter: InvoiceFilter): Promise<number> {
    return countInvoices(this.db, filter);
  }

  async lockAllOfUser(userId: string): Promise<Invoice[]> {
    return (await lockInvoicesOfUser(this.db, userId)).map((row) => Invoice.restore(fromInvoiceRow(row)));
  }

  removeAllOfUser(userId: string): Promise<string[]> {
    return deleteInvoicesOfUser(this.db, userId);
  }
}
