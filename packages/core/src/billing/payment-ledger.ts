import type { PaymentAttempt } from './payment-attempt.js';

/**
 * Port: the payment ledger, bound to one transaction. One entry per attempt to charge an invoice
 * (invoice and request number), kept when the invoice or its user is deleted: the record that money
 * moved must not go with them. Entries are locked, not versioned: whoever settles one holds it.
 */
export interface PaymentLedger {
  /** The entry, locked until the transaction ends (another transaction asking for it waits). */
  lock(invoiceId: string, attempt: number): Promise<PaymentAttempt | null>;
  /**
   * The entry due soonest whose `checkAfter` is not after `now`, locked; entries other transactions
   * hold are skipped, so reconcilers running side by side never take the same one.
   */
  lockNextDue(now: Date): Promise<PaymentAttempt | null>;
  /** Writes the entry, new or changed. */
  save(attempt: PaymentAttempt): Promise<void>;
}
