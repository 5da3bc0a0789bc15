import type { Result } from './result.js';
import type { UserRepository } from '../users/user-repository.js';
import type { InvoiceRepository } from '../billing/invoice-repository.js';
import type { IdempotencyStore } from './idempotency.js';
import type { Inbox } from './inbox.js';

/** The read side of the repositories, for work that needs no transaction. */
export interface ReadRepositories {
  readonly users: Pick<UserRepository, 'findById' | 'findByEmail' | 'list'>;
  readonly invoices: Pick<InvoiceRepository, 'findById' | 'list'>;
}

/** Repositories bound to one transaction. */
export interface Transaction {
  readonly users: UserRepository;
  readonly invoices: InvoiceRepository;
  readonly inbox: Inbox;
  readonly idempotencyKeys: IdempotencyStore;
}

export interface TransactionOptions {
  /** Copied into every event the transaction writes; a new id is made when absent. */
  readonly correlationId?: string;
  /** The event being handled, when the transaction runs in a consumer. */
  readonly causationId?: string | null;
}

/**
 * Port: the single transaction boundary. `work` gets repositories bound to one transaction.
 * An `Ok` commits and appends the events of every aggregate the repositories touched to the
 * outbox in that same transaction; an `Err` or a throw rolls everything back.
 */
export interface UnitOfWork {
  transaction<T, E>(work: (tx: Transaction) => Promise<Result<T, E>>, options?: TransactionOptions): Promise<Result<T, E>>;

  /**
   * Runs read-only work without a transaction: each read sees committed data as of when it runs.
   * Meant for answers that come from one read (get one, list one page), where a transaction would
   * only add round trips.
   */
  read<T>(work: (repositories: ReadRepositories) => Promise<T>): Promise<T>;
}
