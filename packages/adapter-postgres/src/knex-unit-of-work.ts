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
import { withConnection } from './connection-scope.js';
import { insertOutboxRows } from './outbox/outbox-queries.js';
import { KnexUserRepository } from './users/knex-user-repository.js';

/**
 * One PostgreSQL transaction per call, on one pooled connection. Repositories are bound to it; on
 * `Ok` the events of every aggregate they touched are inserted into the outbox before COMMIT, in
 * the same transaction; an `Err` or a throw rolls back.
 */
export class KnexUnitOfWork implements UnitOfWork {
  constructor(
    private readonly knex: Knex,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
  ) {}

  transaction<T, E>(work: (tx: Transaction) => Promise<Result<T, E>>, options: TransactionOptions = {}): Promise<Result<T, E>> {
    return withConnection(this.knex, async (db) => {
      await db.raw('BEGIN');
      try {
        const tracker = new AggregateTracker();
        const outcome = await work({
          users: new KnexUserRepository(db, tracker),
          invoices: new KnexInvoiceRepository(db, tracker),
          inbox: new KnexInbox(db),
          idempotencyKeys: new KnexIdempotencyStore(db),
        });
        if (outcome.isErr()) {
          await db.raw('ROLLBACK');
          return outcome;
        }
        const events = tracker.collect(this.ids, this.clock, options);
        if (events.length > 0) await insertOutboxRows(db, events);
        await db.raw('COMMIT');
        return outcome;
      } catch (error) {
        // The connection may be gone; the server rolls back on its own then.
        await db.raw('ROLLBACK').catch(() => undefined);
        throw error;
      }
    });
  }

  read<T>(work: (repositories: ReadRepositories) => Promise<T>): Promise<T> {
    // Straight on the pool: one statement, one round trip, no BEGIN/COMMIT around it.
    const tracker = new AggregateTracker();
    return work({ users: new KnexUserRepository(this.knex, tracker), invoices: new KnexInvoiceRepository(this.knex, tracker) });
  }
}
