import { PaymentAttempt } from '../billing/payment-attempt.js';
import type { PaymentLedger } from '../billing/payment-ledger.js';
import type { Tables } from './in-memory-database.js';

const keyOf = (invoiceId: string, attempt: number): string => `${invoiceId}\u0000${String(attempt)}`;

/** Transactions of the fake run one at a time, so holding a lock is implied and none is ever skipped. */
export class InMemoryPaymentLedger implements PaymentLedger {
  constructor(private readonly tables: Tables) {}

  lock(invoiceId: string, attempt: number): Promise<PaymentAttempt | null> {
    const snapshot = this.tables.payments.get(keyOf(invoiceId, attempt));
    return Promise.resolve(snapshot ? PaymentAttempt.restore(snapshot) : null);
  }

  lockNextDue(now: Date): Promise<PaymentAttempt | null> {
    const due = this.tables.payments
      .values()
      .filter((s) => s.checkAfter !== null && s.checkAfter.getTime() <= now.getTime())
      .sort((a, b) => (a.checkAfter?.getTime() ?? 0) - (b.checkAfter?.getTime() ?? 0))[0];
    return Promise.resolve(due ? PaymentAttempt.restore(due) : null);
  }

  save(attempt: PaymentAttempt): Promise<void> {
    const snapshot = attempt.toSnapshot();
    this.tables.payments.set(keyOf(snapshot.invoiceId, snapshot.attempt), snapshot);
    return Promise.resolve();
  }
}
