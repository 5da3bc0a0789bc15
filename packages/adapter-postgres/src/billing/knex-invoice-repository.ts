import {
  DomainErrors,
  err,
  Invoice,
  ok,
  pageOf,
  type AggregateTracker,
  type ConcurrencyConflict,
  type InvoiceFilter,
  type InvoiceRepository,
  type Page,
  type PageRequest,
  type Result,
  type UserNotFound,
} from '@hexabill/core';
import type { Knex } from 'knex';
import { isForeignKeyViolation } from '../pg-errors.js';
import {
  countInvoices,
  deleteInvoicesOfUser,
  insertInvoice,
  INVOICES_USER_FKEY,
  selectInvoiceById,
  selectInvoicesPage,
  updateInvoiceIfVersion,
} from './invoice-queries.js';
import { fromInvoiceRow, toInvoiceRow } from './invoice-row.js';

export class KnexInvoiceRepository implements InvoiceRepository {
  constructor(
    private readonly db: Knex,
    private readonly tracker: AggregateTracker,
  ) {}

  async findById(id: string): Promise<Invoice | null> {
    const row = await selectInvoiceById(this.db, id);
    return row ? Invoice.restore(fromInvoiceRow(row)) : null;
  }

  async add(invoice: Invoice): Promise<Result<void, UserNotFound>> {
    try {
      await insertInvoice(this.db, toInvoiceRow(invoice.toSnapshot()));
    } catch (error) {
      // The user may be deleted between the use case's check and this insert.
      if (isForeignKeyViolation(error, INVOICES_USER_FKEY)) return err(DomainErrors.userNotFound(invoice.userId));
      throw error;
    }
    this.tracker.track(invoice);
    return ok(undefined);
  }

  async save(invoice: Invoice): Promise<Result<void, ConcurrencyConflict>> {
    const expected = invoice.version;
    const updated = await updateInvoiceIfVersion(this.db, { ...toInvoiceRow(invoice.toSnapshot()), version: expected + 1 }, expected);
    if (updated === 0) return err(DomainErrors.concurrencyConflict('Invoice', invoice.id));
    invoice.markSaved();
    this.tracker.track(invoice);
    return ok(undefined);
  }

  async list(filter: InvoiceFilter, request: PageRequest): Promise<Page<Invoice>> {
    const rows = await selectInvoicesPage(this.db, filter, request);
    const total = rows[0] ? Number(rows[0].total) : await countInvoices(this.db, filter);
    return pageOf(
      rows.map(({ total: _total, ...row }) => Invoice.restore(fromInvoiceRow(row))),
      request,
      total,
    );
  }

  async removeAllForUser(userId: string): Promise<string[]> {
    return deleteInvoicesOfUser(this.db, userId);
  }
}
