import { PaymentAttempt, type PaymentLedger } from '@hexabill/core';
import type { Db } from '../pg-database.js';
import { lockNextDuePaymentAttempt, lockPaymentAttempt, upsertPaymentAttempt } from './payment-attempt-queries.js';
import { fromPaymentAttemptRow, toPaymentAttemptRow } from './payment-attempt-row.js';

/** The payment ledger in `payment_attempts`; entries are held with row locks until the transaction ends. */
export class PgPaymentLedger implements PaymentLedger {
  constructor(private readonly db: Db) {}

  async lock(invoiceId: string, attempt: number): Promise<PaymentAttempt | null> {
    const row = await lockPaymentAttempt(this.db, invoiceId, attempt);
    return row ? PaymentAttempt.restore(fromPaymentAttemptRow(row)) : null;
  }

  async lockNextDue(now: Date): Promise<PaymentAttempt | null> {
    const row = await lockNextDuePaymentAttempt(this.db, now);
    return row ? PaymentAttempt.restore(fromPaymentAttemptRow(row)) : null;
  }

  save(attempt: PaymentAttempt): Promise<void> {
    return upsertPaymentAttempt(this.db, toPaymentAttemptRow(attempt.toSnapshot()));
  }
}
