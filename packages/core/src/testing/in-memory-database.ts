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

/**
 * Every table of the fakes and the type of its rows. A new table is one line here and one in
 * `TABLE_NAMES`; the drafts, the committed view and the commit follow.
 */
export interface Rows {
  readonly users: UserSnapshot;
  readonly invoices: InvoiceSnapshot;
  /** The payment ledger, by `${invoiceId}\u0000${attempt}`. */
  readonly payments: PaymentAttemptSnapshot;
  /** `${consumer}\u0000${eventId}` */
  readonly processed: true;
  /** `${scope}\u0000${key}` */
  readonly idempotency: IdempotencyRecord;
  readonly refreshTokens: RefreshToken;
  readonly passwordResets: PasswordResetSnapshot;
  // hexabill-generate: in-memory tables
}

/** The compiler refuses a list that leaves a table of `Rows` out. */
const TABLE_NAMES = Object.keys({
  users: true,
  invoices: true,
  payments: true,
  processed: true,
  idempotency: true,
  refreshTokens: true,
  passwordResets: true,
  // hexabill-generate: in-memory table names
} satisfies Record<keyof Rows, true>) as (keyof Rows)[];

export type Tables = { readonly [T in keyof Rows]: DraftTable<string, Rows[T]> };
export type CommittedTables = { readonly [T in keyof Rows]: ReadonlyMap<string, Rows[T]> };

type Stored = { readonly [T in keyof Rows]: Map<string, Rows[T]> };

function eachTable<R>(make: (table: keyof Rows) => R): Record<keyof Rows, R> {
  return Object.fromEntries(TABLE_NAMES.map((table) => [table, make(table)])) as Record<keyof Rows, R>;
}

/**
 * The fakes' storage. A transaction works on drafts of the tables, which reach the committed
 * tables only on commit, so a rollback really leaves nothing behind. Snapshots are immutable values.
 * Transactions must not overlap (the in-memory unit of work runs them one at a time).
 */
export class InMemoryDatabase {
  readonly #stored = eachTable(() => new Map()) as unknown as Stored;

  get committed(): CommittedTables {
    return this.#stored;
  }

  fork(): Tables {
    return eachTable((table) => new DraftTable(this.#stored[table] as Map<string, unknown>)) as unknown as Tables;
  }

  commit(draft: Tables): void {
    for (const table of TABLE_NAMES) draft[table].applyTo(this.#stored[table] as Map<string, never>);
  }
}
