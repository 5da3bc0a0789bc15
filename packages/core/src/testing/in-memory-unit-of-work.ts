import { systemClock, type Clock } from '../kernel/clock.js';
import type { IdempotencyError } from '../kernel/errors.js';
import { UuidV7Generator, type IdGenerator } from '../kernel/ids.js';
import type { Result } from '../kernel/result.js';
import type { PlainTransactionOptions, TransactionOptions } from '../kernel/unit-of-work.js';
import { runTransaction, type HexabillUnitOfWork, type ReadRepositories, type Transaction } from '../transaction.js';
import { InMemoryDatabase, type Tables } from './in-memory-database.js';
import { InMemoryIdempotencyStore } from './in-memory-idempotency-store.js';
import { InMemoryInbox } from './in-memory-inbox.js';
import { InMemoryInvoiceRepository } from './in-memory-invoice-repository.js';
import { InMemoryOutboxStore } from './in-memory-outbox-store.js';
import { InMemoryPaymentLedger } from './in-memory-payment-ledger.js';
import { InMemoryPasswordResetStore } from './in-memory-password-reset-store.js';
import { InMemoryRefreshTokenStore } from './in-memory-refresh-token-store.js';
import { InMemoryUserRepository } from './in-memory-user-repository.js';

/**
 * A unit of work that really rolls back: the work runs on a draft of the tables, which reaches
 * them only when the work returns `Ok`. Transactions run one at a time (serializable), so the
 * fake never shows an anomaly; the PostgreSQL adapter's tests cover real races.
 */
export class InMemoryUnitOfWork implements HexabillUnitOfWork {
  #tail: Promise<unknown> = Promise.resolve();

  constructor(
    readonly database: InMemoryDatabase = new InMemoryDatabase(),
    readonly outbox: InMemoryOutboxStore = new InMemoryOutboxStore(),
    private readonly ids: IdGenerator = new UuidV7Generator(),
    private readonly clock: Clock = systemClock,
  ) {}

  transaction<T, E>(work: (tx: Transaction) => Promise<Result<T, E>>, options?: PlainTransactionOptions): Promise<Result<T, E>>;
  transaction<T, E>(
    work: (tx: Transaction) => Promise<Result<T, E>>,
    options: TransactionOptions,
  ): Promise<Result<T, E | IdempotencyError>>;
  transaction<T, E>(
    work: (tx: Transaction) => Promise<Result<T, E>>,
    options: TransactionOptions = {},
  ): Promise<Result<T, E | IdempotencyError>> {
    const run = async (): Promise<Result<T, E | IdempotencyError>> => {
      const draft = this.database.fork();
      const { result, events } = await runTransaction(this.stores(draft), work, options, this.ids, this.clock);
      if (result.isOk()) {
        this.database.commit(draft);
        this.outbox.append(events);
      }
      return result;
    };
    const next = this.#tail.then(run, run);
    this.#tail = next.catch(() => undefined);
    return next;
  }

  read<T>(work: (repositories: ReadRepositories) => Promise<T>): Promise<T> {
    // A draft nobody commits: reads see the committed tables, and commits are synchronous, so a
    // read never sees half of one.
    const view = this.database.fork();
    return work({
      users: new InMemoryUserRepository(view),
      invoices: new InMemoryInvoiceRepository(view),
      // hexabill-generate: in-memory reads
    });
  }

  private stores(draft: Tables): Parameters<typeof runTransaction>[0] {
    return {
      users: new InMemoryUserRepository(draft),
      invoices: new InMemoryInvoiceRepository(draft),
      payments: new InMemoryPaymentLedger(draft),
      inbox: new InMemoryInbox(draft),
      idempotencyKeys: new InMemoryIdempotencyStore(draft, this.clock),
      refreshTokens: new InMemoryRefreshTokenStore(draft),
      passwordResets: new InMemoryPasswordResetStore(draft),
      // hexabill-generate: in-memory stores
    };
  }
}
