import type { ConcurrencyConflict } from '../kernel/errors.js';
import { err, ok, type Result } from '../kernel/result.js';
import type { BillingTransaction } from './billing-transaction.js';
import type { PaymentAttempt } from './payment-attempt.js';
import type { ChargeLookup } from './payment-gateway.js';

/**
 * - `paid` / `failed`: the invoice was waiting for this attempt and is now settled;
 * - `recorded`: only the ledger changed (the invoice had moved on, nothing was charged);
 * - `refund_due`: money was taken that no invoice records; the charge must be refunded;
 * - `unchanged`: the ledger already knew.
 */
export type Settlement = 'paid' | 'failed' | 'recorded' | 'refund_due' | 'unchanged';

export const NOT_CHARGED_REASON = 'no charge was made for this payment request';

/**
 * Applies what the gateway said about a payment attempt, in `tx`: to the ledger entry (which the
 * caller holds locked) and, when the invoice still waits for this attempt, to the invoice — both
 * or neither. A charge that no invoice can record (deleted, already settled, superseded) is never
 * dropped: the entry becomes `refund_due`. Every path that learns an outcome — the worker after
 * charging, the reconciler and the owner's retry after a lookup — comes through here.
 */
export async function settlePaymentAttempt(
  tx: BillingTransaction,
  entry: PaymentAttempt,
  answer: ChargeLookup,
  now: Date,
): Promise<Result<Settlement, ConcurrencyConflict>> {
  const invoice = await tx.invoices.findById(entry.invoiceId);
  const awaiting = invoice?.awaitsSettlementOf(entry.attempt) === true;

  if (answer.status === 'succeeded') {
    if (['succeeded', 'refund_due', 'refunded'].includes(entry.status)) return ok('unchanged');
    if (invoice?.status === 'paid' && invoice.chargeId === answer.chargeId) {
      // This very charge paid the invoice already: nothing to give back.
      entry.succeeded(answer.chargeId, now);
      await tx.payments.save(entry);
      return ok('recorded');
    }
    if (invoice && awaiting) {
      invoice.markPaid(answer.chargeId, now);
      const saved = await tx.invoices.save(invoice);
      if (saved.isErr()) return err(saved.error);
      entry.succeeded(answer.chargeId, now);
      await tx.payments.save(entry);
      return ok('paid');
    }
    const why = invoice ? `the invoice is ${invoice.status} and no longer waits for this charge` : 'the invoice was deleted';
    entry.refundDue(answer.chargeId, why, now);
    await tx.payments.save(entry);
    return ok('refund_due');
  }

  if (!entry.isUnsettled) return ok('unchanged');
  const reason = answer.status === 'declined' ? answer.reason : NOT_CHARGED_REASON;
  if (answer.status === 'declined') entry.declined(reason, now);
  else entry.notCharged(reason, now);
  await tx.payments.save(entry);
  if (!invoice || !awaiting) return ok('recorded');
  invoice.markPaymentFailed(reason, now);
  const saved = await tx.invoices.save(invoice);
  return saved.isErr() ? err(saved.error) : ok('failed');
}
