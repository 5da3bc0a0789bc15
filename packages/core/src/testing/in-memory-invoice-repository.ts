import { Invoice, type InvoiceSnapshot } from '../billing/invoice.js';
import type { InvoiceFilter, InvoiceRepository } from '../billing/invoice-repository.js';
import { KernelErrors, type ConcurrencyConflict } from '../kernel/errors.js';
import type { Page, PageRequest, Slice, SliceRequest } from '../kernel/paging.js';
import { err, ok, type Result } from '../kernel/result.js';
import { UserErrors, type UserNotFound } from '../users/user-errors.js';
import type { Tables } from './in-memory-database.js';
import { pageOfRows, sliceOfRows } from './newest-first.js';

export class InMemoryInvoiceRepository implements InvoiceRepository {
  constructor(private readonly tables: Tables) {}

  findById(id: string): Promise<Invoice | null> {
    const snapshot = this.tables.invoices.get(id);
    return Promise.resolve(snapshot ? Invoice.restore(snapshot) : null);
  }

  add(invoice: Invoice): Promise<Result<void, UserNotFound>> {
    // As the database's foreign key does.
    if (!this.tables.users.has(invoice.userId)) return Promise.resolve(err(UserErrors.notFound(invoice.userId)));
    this.tables.invoices.set(invoice.id, invoice.toSnapshot());
    return Promise.resolve(ok(undefined));
  }

  save(invoice: Invoice): Promise<Result<void, ConcurrencyConflict>> {
    if (this.tables.invoices.get(invoice.id)?.version !== invoice.version) {
      return Promise.resolve(err(KernelErrors.concurrencyConflict('Invoice', invoice.id)));
    }
    invoice.markSaved();
    this.tables.invoices.set(invoice.id, invoice.toSnapshot());
    return Promise.resolve(ok(undefined));
  }

  page(filter: InvoiceFilter, request: PageRequest): Promise<Page<Invoice>> {
    const page = pageOfRows(this.matching(filter), request);
    return Promise.resolve({ ...page, items: page.items.map((s) => Invoice.restore(s)) });
  }

  slice(filter: InvoiceFilter, request: SliceRequest): Promise<Slice<Invoice>> {
    const slice = sliceOfRows(this.matching(filter), request);
    return Promise.resolve({ ...slice, items: slice.items.map((s) => Invoice.restore(s)) });
  }

  count(filter: InvoiceFilter): Promise<number> {
    return Promise.resolve(this.matching(filter).length);
  }

  private matching(filter: InvoiceFilter): InvoiceSnapshot[] {
    return this.tables.invoices
      .values()
      .filter((s) => filter.userId === undefined || s.userId === filter.userId)
      .filter((s) => filter.status === undefined || s.status === filter.status);
  }

  /** Transactions of the fake run one at a time, so holding a lock is implied. */
  lockAllOfUser(userId: string): Promise<Invoice[]> {
    return Promise.resolve(
      this.tables.invoices
        .values()
        .filter((s) => s.userId === userId)
        .map((s) => Invoice.restore(s)),
    );
  }

  removeAllOfUser(userId: string): Promise<string[]> {
    const removed = this.tables.invoices
      .values()
      .filter((s) => s.userId === userId)
      .map((s) => s.id);
    for (const id of removed) this.tables.invoices.delete(id);
    return Promise.resolve(removed);
  }
}
