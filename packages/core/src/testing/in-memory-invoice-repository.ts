import { Invoice } from '../billing/invoice.js';
import type { InvoiceFilter, InvoiceRepository } from '../billing/invoice-repository.js';
import type { AggregateTracker } from '../shared/aggregate-tracker.js';
import { DomainErrors, type ConcurrencyConflict, type UserNotFound } from '../shared/domain-error.js';
import { offsetOf, pageOf, type Page, type PageRequest } from '../shared/paging.js';
import { err, ok, type Result } from '../shared/result.js';
import type { Tables } from './in-memory-database.js';
import { newestFirst } from './newest-first.js';

export class InMemoryInvoiceRepository implements InvoiceRepository {
  constructor(
    private readonly tables: Tables,
    private readonly tracker: AggregateTracker,
  ) {}

  findById(id: string): Promise<Invoice | null> {
    const snapshot = this.tables.invoices.get(id);
    return Promise.resolve(snapshot ? Invoice.restore(snapshot) : null);
  }

  add(invoice: Invoice): Promise<Result<void, UserNotFound>> {
    // As the database's foreign key does.
    if (!this.tables.users.has(invoice.userId)) return Promise.resolve(err(DomainErrors.userNotFound(invoice.userId)));
    this.tables.invoices.set(invoice.id, invoice.toSnapshot());
    this.tracker.track(invoice);
    return Promise.resolve(ok(undefined));
  }

  save(invoice: Invoice): Promise<Result<void, ConcurrencyConflict>> {
    if (this.tables.invoices.get(invoice.id)?.version !== invoice.version) {
      return Promise.resolve(err(DomainErrors.concurrencyConflict('Invoice', invoice.id)));
    }
    invoice.markSaved();
    this.tables.invoices.set(invoice.id, invoice.toSnapshot());
    this.tracker.track(invoice);
    return Promise.resolve(ok(undefined));
  }

  list(filter: InvoiceFilter, request: PageRequest): Promise<Page<Invoice>> {
    const all = [...this.tables.invoices.values()]
      .filter((s) => filter.userId === undefined || s.userId === filter.userId)
      .filter((s) => filter.status === undefined || s.status === filter.status)
      .sort(newestFirst);
    const items = all.slice(offsetOf(request), offsetOf(request) + request.pageSize).map((s) => Invoice.restore(s));
    return Promise.resolve(pageOf(items, request, all.length));
  }

  removeAllForUser(userId: string): Promise<string[]> {
    const removed: string[] = [];
    for (const [id, snapshot] of this.tables.invoices) {
      if (snapshot.userId === userId) {
        this.tables.invoices.delete(id);
        removed.push(id);
      }
    }
    return Promise.resolve(removed);
  }
}
