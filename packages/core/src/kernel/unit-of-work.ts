import type { IdempotencyError } from './errors.js';
import type { IdempotencyClaim } from './idempotency.js';
import type { Principal } from './principal.js';
import type { Result } from './result.js';

export interface TransactionOptions {
  /** Copied into every event the transaction writes; a new id is made when absent. */
  readonly correlationId?: string;
  /** The event being handled, when the transaction runs in a consumer. */
  readonly causationId?: string | null;
  /**
   * Makes the work idempotent: the key's record is written in this same transaction, a repeat of
   * the same request gets the first result back without running the work, another request with the
   * key is `IDEMPOTENCY_KEY_REUSED`, one still running `IDEMPOTENCY_REQUEST_IN_PROGRESS`.
   */
  readonly idempotency?: IdempotencyClaim;
  /** Who acts: idempotency keys are scoped to them. A `RequestContext` is a valid set of options. */
  readonly principal?: Principal;
}

export type PlainTransactionOptions = TransactionOptions & { readonly idempotency?: undefined };

/**
 * Port: the single transaction boundary. `work` gets repositories bound to one transaction (`Tx`).
 * An `Ok` commits and appends the events of every aggregate the repositories wrote to the outbox in
 * that same transaction; an `Err` or a throw rolls everything back.
 *
 * Each context declares the slice of the transaction it needs (`UsersTransaction`, …); the full
 * `Transaction` of hexabill is composed at the core's root.
 */
export interface UnitOfWork<Tx, Read> {
  /** Without an idempotency claim the result is the work's own. */
  transaction<T, E>(work: (tx: Tx) => Promise<Result<T, E>>, options?: PlainTransactionOptions): Promise<Result<T, E>>;
  /** With one (a `RequestContext` may carry it), an idempotency error may come back instead. */
  transaction<T, E>(work: (tx: Tx) => Promise<Result<T, E>>, options: TransactionOptions): Promise<Result<T, E | IdempotencyError>>;

  /**
   * Runs read-only work without a transaction: each read sees committed data as of when it runs.
   * Meant for answers that come from one read (get one, list one page).
   */
  read<T>(work: (repositories: Read) => Promise<T>): Promise<T>;
}
