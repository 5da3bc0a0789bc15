import type { ConcurrencyConflict } from '../kernel/errors.js';
import type { Page, PageRequest, Slice, SliceRequest } from '../kernel/paging.js';
import type { Result } from '../kernel/result.js';
import type { UserNotFound } from '../users/user-errors.js';
import type { Invoice, InvoiceStatus } from './invoice.js';

export interface InvoiceFilter {
  readonly userId?: string;
  readonly status?: InvoiceStatus;
}

/** Port: reading invoices, in or outside a transaction. */
export interface InvoiceReads {
  findById(id: string): Promise<Invoice | null>;
  /** A numbered page, newest first, with the total. */
  page(filter: InvoiceFilter, request: PageRequest): Promise<Page<Invoice>>;
  /** A keyset slice, newest first (see `sliceOf`). */
  slice(filter: InvoiceFilter, request: SliceRequest): Promise<Slice<Invoice>>;
  count(filter: InvoiceFilter): Promise<number>;
}

/** Port: invoices, bound to one transaction. */
export interface InvoiceRepository extends InvoiceReads {
  /** Fails with `UserNotFound` when the owner does not exist (the store's foreign key decides). */
  add(invoice: Invoice): Promise<Result<void, UserNotFound>>;
  /** Writes only if the stored version is still `invoice.version`. */
  save(invoice: Invoice): Promise<Result<void, ConcurrencyConflict>>;
  /** Every invoice of the user, locked until the transaction ends so none changes under the caller. */
  lockAllOfUser(userId: string): Promise<Invoice[]>;
  /** Deletes every invoice of the user and returns their ids. */
  removeAllOfUser(userId: string): Promise<string[]>;
}
