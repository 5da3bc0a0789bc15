import type { BillingReads, BillingTransaction } from './billing/billing-transaction.js';
import { InvoiceErasure } from './billing/invoice-erasure.js';
import type { InvoiceRepository } from './billing/invoice-repository.js';
import type { PaymentLedger } from './billing/payment-ledger.js';
import { AggregateTracker, trackWrites } from './kernel/aggregate-tracker.js';
import type { Clock } from './kernel/clock.js';
import type { EventEnvelope } from './kernel/domain-event.js';
import type { IdempotencyError } from './kernel/errors.js';
import { runIdempotently, type IdempotencyStore } from './kernel/idempotency.js';
import type { IdGenerator } from './kernel/ids.js';
import type { Result } from './kernel/result.js';
import type { TransactionOptions, UnitOfWork } from './kernel/unit-of-work.js';
import type { Inbox, MessagingTransaction } from './messaging/inbox.js';
import type { PasswordResetStore } from './users/password-reset-store.js';
import type { RefreshTokenStore } from './users/refresh-token-store.js';
import type { UserRepository } from './users/user-repository.js';
import type { UsersReads, UsersTransaction } from './users/users-transaction.js';

/** Everything a transaction offers the use cases and handlers of every context. */
export interface Transaction extends UsersTransaction, BillingTransaction, MessagingTransaction {}

/** The read side, for work that needs no transaction. */
export interface ReadRepositories extends UsersReads, BillingReads {}

/** hexabill's unit of work: what the PostgreSQL adapter and the in-memory fake implement. */
export type HexabillUnitOfWork = UnitOfWork<Transaction, ReadRepositories>;

/** What a persistence adapter provides for one transaction: a store per port, all bound to it. */
export interface TransactionStores {
  readonly users: UserRepository;
  readonly invoices: InvoiceRepository;
  readonly payments: PaymentLedger;
  readonly inbox: Inbox;
  readonly idempotencyKeys: IdempotencyStore;
  readonly refreshTokens: RefreshTokenStore;
  readonly passwordResets: PasswordResetStore;
  // hexabill-generate: transaction stores
}

export interface TransactionOutcome<T, E> {
  readonly result: Result<T, E | IdempotencyError>;
  /** For the outbox, in this transaction, before it commits; empty unless `result` is `Ok`. */
  readonly events: readonly EventEnvelope[];
}

/**
 * The body every unit-of-work adapter shares; the adapter only brackets it with BEGIN and
 * COMMIT/ROLLBACK and writes `events` to its outbox. Repositories have their writes tracked here
 * (once, for every adapter), other contexts' parts of the transaction are composed here, and an
 * idempotency claim is honoured here.
 */
export async function runTransaction<T, E>(
  stores: TransactionStores,
  work: (tx: Transaction) => Promise<Result<T, E>>,
  options: TransactionOptions,
  ids: IdGenerator,
  clock: Clock,
): Promise<TransactionOutcome<T, E>> {
  const tracker = new AggregateTracker();
  const invoices = trackWrites(stores.invoices, tracker, ['add', 'save']);
  const tx: Transaction = {
    users: trackWrites(stores.users, tracker, ['add', 'save', 'remove']),
    invoices,
    payments: stores.payments,
    inbox: stores.inbox,
    userErasure: new InvoiceErasure(invoices),
    refreshTokens: stores.refreshTokens,
    passwordResets: trackWrites(stores.passwordResets, tracker, ['add', 'save']),
    // hexabill-generate: tracked stores
  };
  const result = await runIdempotently(stores.idempotencyKeys, clock, options, () => work(tx));
  return { result, events: result.isOk() ? tracker.collect(ids, clock, options) : [] };
}
