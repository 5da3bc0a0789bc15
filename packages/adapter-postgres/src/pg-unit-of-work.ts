import {
  runTransaction,
  type Clock,
  type HexabillUnitOfWork,
  type IdempotencyError,
  type IdGenerator,
  type PlainTransactionOptions,
  type ReadRepositories,
  type Result,
  type Transaction,
  type TransactionOptions,
  type TransactionStores,
} from '@hexabill/core';
import { PgInvoiceRepository } from './billing/pg-invoice-repository.js';
import { PgPaymentLedger } from './billing/pg-payment-ledger.js';
import { PgIdempotencyStore } from './idempotency/pg-idempotency-store.js';
import { PgInbox } from './inbox/pg-inbox.js';
import { insertOutboxRows } from './outbox/outbox-queries.js';
import { PgPasswordResetStore } from './password-resets/pg-password-reset-store.js';
import type { Db, PostgresDatabase } from './pg-database.js';
import { PgRefreshTokenStore } from './refresh-tokens/pg-refresh-token-store.js';
import { statement } from './sql.js';
import { PgUserRepository } from './users/pg-user-repository.js';

const BEGIN = statement('tx.begin', 'BEGIN');
const COMMIT = statement('tx.commit', 'COMMIT');
const ROLLBACK = statement('tx.rollback', 'ROLLBACK');

function storesOn(db: Db): TransactionStores {
  return {
    users: new PgUserRepository(db),
    invoices: new PgInvoiceRepository(db),
    payments: new PgPaymentLedger(db),
    inbox: new PgInbox(db),
    idempotencyKeys: new PgIdempotencyStore(db),
    refreshTokens: new PgRefreshTokenStore(db),
    passwordResets: new PgPasswordResetStore(db),
    // hexabill-generate: postgres stores
  };
}

/**
 * One PostgreSQL transaction per call, on one pooled connection. On `Ok` the events of every
 * aggregate written are inserted into the outbox before COMMIT, in the same transaction; an `Err`
 * or a throw rolls back.
 */
export class PgUnitOfWork implements HexabillUnitOfWork {
  /** Reads run straight on the pool: one statement, one round trip, no BEGIN/COMMIT around it. */
  readonly #reads: ReadRepositories;

  constructor(
    private readonly database: PostgresDatabase,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
  ) {
    this.#reads = {
      users: new PgUserRepository(database),
      invoices: new PgInvoiceRepository(database),
      // hexabill-generate: postgres reads
    };
  }

  transaction<T, E>(work: (tx: Transaction) => Promise<Result<T, E>>, options?: PlainTransactionOptions): Promise<Result<T, E>>;
  transaction<T, E>(
    work: (tx: Transaction) => Promise<Result<T, E>>,
    options: TransactionOptions,
  ): Promise<Result<T, E | IdempotencyError>>;
  async transaction<T, E>(
    work: (tx: Transaction) => Promise<Result<T, E>>,
    options: TransactionOptions = {},
  ): Promise<Result<T, E | IdempotencyError>> {
    const connection = await this.database.connect();
    let discard: Error | undefined;
    try {
      await connection.count(BEGIN);
      const { result, events } = await runTransaction(storesOn(connection), work, options, this.ids, this.clock);
      if (result.isErr()) {
        await connection.count(ROLLBACK);
        return result;
      }
      if (events.length > 0) await insertOutboxRows(connection, events);
      await connection.count(COMMIT);
      return result;
    } catch (error) {
      // If the connection is gone the server rolls back on its own; then it must not be reused.
      await connection.count(ROLLBACK).catch((rollbackFailed: unknown) => {
        discard = rollbackFailed instanceof Error ? rollbackFailed : new Error(String(rollbackFailed));
      });
      throw error;
    } finally {
      connection.release(discard);
    }
  }

  read<T>(work: (repositories: ReadRepositories) => Promise<T>): Promise<T> {
    return work(this.#reads);
  }
}
