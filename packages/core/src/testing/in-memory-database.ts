import type { InvoiceSnapshot } from '../billing/invoice.js';
import type { IdempotencyRecord } from '../shared/idempotency.js';
import type { UserSnapshot } from '../users/user.js';

export interface Tables {
  readonly users: Map<string, UserSnapshot>;
  readonly invoices: Map<string, InvoiceSnapshot>;
  /** `${consumer}\u0000${eventId}` */
  readonly processed: Set<string>;
  /** `${scope}\u0000${key}` */
  readonly idempotency: Map<string, IdempotencyRecord>;
}

/**
 * The fakes' storage. A transaction works on a copy and the copy replaces the committed tables
 * only on commit, so a rollback really leaves nothing behind. Snapshots are immutable values,
 * so copying the maps is enough.
 */
export class InMemoryDatabase {
  #tables: Tables = { users: new Map(), invoices: new Map(), processed: new Set(), idempotency: new Map() };

  get committed(): Readonly<Tables> {
    return this.#tables;
  }

  fork(): Tables {
    return {
      users: new Map(this.#tables.users),
      invoices: new Map(this.#tables.invoices),
      processed: new Set(this.#tables.processed),
      idempotency: new Map(this.#tables.idempotency),
    };
  }

  commit(draft: Tables): void {
    this.#tables = draft;
  }
}
