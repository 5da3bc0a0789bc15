import { AggregateTracker } from '../shared/aggregate-tracker.js';
import { systemClock, type Clock } from '../shared/clock.js';
import { UuidV7Generator, type IdGenerator } from '../shared/ids.js';
import type { Result } from '../shared/result.js';
import type { ReadRepositories, Transaction, TransactionOptions, UnitOfWork } from '../shared/unit-of-work.js';
import { InMemoryDatabase } from './in-memory-database.js';
import { InMemoryIdempotencyStore } from './in-memory-idempotency-store.js';
import { InMemoryInbox } from './in-memory-inbox.js';
import { InMemoryInvoiceRepository } from './in-memory-invoice-repository.js';
import { InMemoryOutboxStore } from './in-memory-outbox-store.js';
import { InMemoryUserRepository } from './in-memory-user-repository.js';

/**
 * A unit of work that really rolls back: the work runs on a copy of the tables, which replaces
 * them only when the work returns `Ok`. Transactions run one at a time (serializable), so the
 * fake never shows an anomaly; the PostgreSQL adapter's tests cover real races.
 */
export class InMemoryUnitOfWork implements UnitOfWork {
  #tail: Promise<unknown> = Promise.resolve();

  constructor(
    readonly database: InMemoryDatabase = new InMemoryDatabase(),
    readonly outbox: InMemoryOutboxStore = new InMemoryOutboxStore(),
    private readonly ids: IdGenerator = new UuidV7Generator(),
    private readonly clock: Clock = systemClock,
  ) {}

  transaction<T, E>(work: (tx: Transaction) => Promise<Result<T, E>>, options: TransactionOptions = {}): Promise<Result<T, E>> {
    const run = async (): Promise<Result<T, E>> => {
      const draft = this.database.fork();
      const tracker = new AggregateTracker();
      const tx: Transaction = {
        users: new InMemoryUserRepository(draft, tracker),
        invoices: new InMemoryInvoiceRepository(draft, tracker),
        inbox: new InMemoryInbox(draft),
        idempotencyKeys: new InMemoryIdempotencyStore(draft, this.clock),
      };
      const result = await work(tx);
      if (result.isOk()) {
        const events = tracker.collect(this.ids, this.clock, options);
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
    const tracker = new AggregateTracker();
    return work({ users: new InMemoryUserRepository(view, tracker), invoices: new InMemoryInvoiceRepository(view, tracker) });
  }
}
