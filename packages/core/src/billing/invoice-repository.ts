import type { ConcurrencyConflict, UserNotFound } from '../shared/domain-error.js';
import type { Page, PageRequest } from '../shared/paging.js';
import type { Result } from '../shared/result.js';
import type { Invoice, InvoiceStatus } from './invoice.js';

export interface InvoiceFilter {
  readonly userId?: string;
  readonly status?: InvoiceStatus;
}

/** Port: invoices, bound to one transaction. */
export interface InvoiceRepository {
  findById(id: string): Promise<Invoice | null>;
  /** Fails with `UserNotFound` when the owner does not exist (the store's foreign key decides). */
  add(invoice: Invoice): Promise<Result<void, UserNotFound>>;
  /** Writes only if the stored version is still `invoice.version`. */
  save(invoice: Invoice): Promise<Result<void, ConcurrencyConflict>>;
  /** Newest first. */
  list(filter: InvoiceFilter, page: PageRequest): Promise<Page<Invoice>>;
  /** Deletes every invoice of the user and returns their ids. */
  removeAllForUser(userId: string): Promise<string[]>;
}
