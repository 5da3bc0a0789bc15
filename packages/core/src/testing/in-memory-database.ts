import type { InvoiceSnapshot } from '../billing/invoice.js';
import type { PaymentAttemptSnapshot } from '../billing/payment-attempt.js';
import type { IdempotencyRecord } from '../kernel/idempotency.js';
import type { PasswordResetSnapshot } from '../users/password-reset.js';
import type { RefreshToken } from '../users/refresh-token.js';
import type { UserSnapshot } from '../users/user.js';

const DELETED = Symbol('deleted');

/**
 * A transaction's view of one table: reads fall through to the committed rows, writes stay in
 * the draft until `applyTo` — so starting a transaction costs nothing however big the table is,
 * and a rollback is simply dropping the draft.
 */
export class DraftTable<K, V> implements Iterable<[K, V]> {
  readonly #changes = new Map<K, V | typeof DELETED>();

  constructor(private readonly base: Map<K, V>) {}

  get(key: K): V | undefined {
    if (this.#changes.has(key)) {
      const value = this.#changes.get(key);
      return value === DELETED ? undefined : value;
    }
    return this.base.get(key);
  }

  has(key: K): boolean {
    return this.get(key) !== undefined;
  }

  set(key: K, value: V): this {
    this.#changes.set(key, value);
    return this;
  }

  delete(key: K): boolean {
    const existed = this.has(key);
    this.#changes.set(key, DELETED);
    return existed;
  }

  /** A snapshot of the rows, so callers may delete while they iterate. */
  entries(): [K, V][] {
    const rows: [K, V][] = [];
    for (const [key, value] of this.base) if (!this.#changes.has(key)) rows.push([key, value]);
    for (const [key, value] of this.#changes) if (value !== DELETED) rows.push([key, value]);
    return rows;
  }

  values(): V[] {
    return this.entries().map(([, value]) => value);
  }

  keys(): K[] {
    return this.entries().map(([key]) => key);
  }

  get size(): number {
    return this.entries().length;
  }

  [Symbol.iterator](): Iterator<[K, V]> {
    return this.entries()[Symbol.iterator]();
  }

  applyTo(target: Map<K, V>): void {
    for (const [key, value] of this.#changes) {
      if (value === DELETED) target.delete(key);
      else target.set(key, value);
    }
  }
}

export interface Tables {
  readonly users: DraftTable<string, UserSnapshot>;
  readonly invoices: DraftTable<string, InvoiceSnapshot>;
  /** The payment ledger, by `${invoiceId}\u0000${attempt}`. */
  readonly payments: DraftTable<string, PaymentAttemptSnapshot>;
  /** `${consumer}\u0000${eventId}` */
  readonly processed: DraftTable<string, true>;
  /** `${scope}\u0000${key}` */
  readonly idempotency: DraftTable<string, IdempotencyRecord>;
  readonly refreshTokens: DraftTable<string, RefreshToken>;
  readonly passwordResets: DraftTable<string, PasswordResetSnapshot>;
}

export interface CommittedTables {
  readonly users: ReadonlyMap<string, UserSnapshot>;
  readonly invoices: ReadonlyMap<string, InvoiceSnapshot>;
  readonly payments: ReadonlyMap<string, PaymentAttemptSnapshot>;
  readonly processed: ReadonlyMap<string, true>;
  readonly idempotency: ReadonlyMap<string, IdempotencyRecord>;
  readonly refreshTokens: ReadonlyMap<string, RefreshToken>;
  readonly passwordResets: ReadonlyMap<string, PasswordResetSnapshot>;
}

/**
 * The fakes' storage. A transaction works on drafts of the tables, which reach the committed
 * tables only on commit, so a rollback really leaves nothing behind. Snapshots are immutable values.
 * Transactions must not overlap (the in-memory unit of work runs them one at a time).
 */
export class InMemoryDatabase {
  readonly #users = new Map<string, UserSnapshot>();
  readonly #invoices = new Map<string, InvoiceSnapshot>();
  readonly #payments = new Map<string, PaymentAttemptSnapshot>();
  readonly #processed = new Map<string, true>();
  readonly #idempotency = new Map<string, IdempotencyRecord>();
  readonly #refreshTokens = new Map<string, RefreshToken>();
  readonly #passwordResets = new Map<string, PasswordResetSnapshot>();

  get committed(): CommittedTables {
    return {
      users: this.#users,
      invoices: this.#invoices,
      payments: this.#payments,
      processed: this.#processed,
      idempotency: this.#idempotency,
      refreshTokens: this.#refreshTokens,
      passwordResets: this.#passwordResets,
    };
  }

  fork(): Tables {
    return {
      users: new DraftTable(this.#users),
      invoices: new DraftTable(this.#invoices),
      payments: new DraftTable(this.#payments),
      processed: new DraftTable(this.#processed),
      idempotency: new DraftTable(this.#idempotency),
      refreshTokens: new DraftTable(this.#refreshTokens),
      passwordResets: new DraftTable(this.#passwordResets),
    };
  }

  commit(draft: Tables): void {
    draft.users.applyTo(this.#users);
    draft.invoices.applyTo(this.#invoices);
    draft.payments.applyTo(this.#payments);
    draft.processed.applyTo(this.#processed);
    draft.idempotency.applyTo(this.#idempotency);
    draft.refreshTokens.applyTo(this.#refreshTokens);
    draft.passwordResets.applyTo(this.#passwordResets);
  }
}
