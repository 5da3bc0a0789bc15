import {
  AggregateTracker,
  type Clock,
  type IdGenerator,
  type ReadRepositories,
  type Result,
  type Transaction,
  type TransactionOptions,
  type UnitOfWork,
} from '@hexabill/core';
import type { Knex } from 'knex';
import { KnexInvoiceRepository } from './billing/knex-invoice-repository.js';
import { KnexIdempotencyStore } from './idempotency/knex-idempotency-store.js';
import { KnexInbox } from './inbox/knex-inbox.js';
import { insertOutboxRows } from './outbox/outbox-queries.js';
import { KnexUserRepository } from './users/knex-user-repository.js';

/** Thrown inside knex's transaction callback to roll back an `Err`; never escapes this module. */
class RollbackForErr extends Error {}

/**
 * One PostgreSQL transaction per call. Repositories are bound to it; on `Ok` the events of every
 * aggregate they touched are inserted into the outbox before COMMIT, in the same transaction.
 */
export class KnexUnitOfWork implements UnitOfWork {
  constructor(
    private readonly knex: Knex,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
  ) {}

  async transaction<T, E>(work: (tx: Transaction) => Promise<Result<T, E>>, options: TransactionOptions = {}): Promise<Result<T, E>> {
    let outcome: Result<T, E> | undefined;
    try {
      await this.knex.transaction(async (trx) => {
        const tracker = new AggregateTracker();
        outcome = await work({
          users: new KnexUserRepository(trx, tracker),
          invoices: new KnexInvoiceRepository(trx, tracker),
          inbox: new KnexInbox(trx),
          idempotencyKeys: new KnexIdempotencyStore(trx),
        });
        if (outcome.isErr()) throw new RollbackForErr();
        const events = tracker.collect(this.ids, this.clock, options);
        if (events.length > 0) await insertOutboxRows(trx, events);
      });
    } catch (error) {
      if (!(error instanceof RollbackForErr)) throw error;
    }
    if (outcome === undefined) throw new Error('unit of work finished without an outcome');
    return outcome;
  }

  read<T>(work: (repositories: ReadRepositories) => Promise<T>): Promise<T> {
    // Straight on the pool: one statement, one round trip, no BEGIN/COMMIT around it.
    const tracker = new AggregateTracker();
    return work({ users: new KnexUserRepository(this.knex, tracker), invoices: new KnexInvoiceRepository(this.knex, tracker) });
  }
}
