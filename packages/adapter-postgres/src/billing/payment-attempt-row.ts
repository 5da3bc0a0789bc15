import { Money, parseCurrency, type PaymentAttemptSnapshot, type PaymentAttemptState } from '@hexabill/core';
import { columnsOf } from '../sql.js';

export interface PaymentAttemptRow {
  invoice_id: string;
  attempt: number;
  user_id: string;
  idempotency_key: string;
  /** NUMERIC(15,2) comes back from pg as an exact decimal string. */
  amount: string;
  currency: string;
  state: PaymentAttemptState;
  charge_id: string | null;
  refund_id: string | null;
  detail: string | null;
  created_at: Date;
  updated_at: Date;
  check_after: Date | null;
}

export const PAYMENT_ATTEMPT_COLUMNS = columnsOf<PaymentAttemptRow>()([
  'invoice_id',
  'attempt',
  'user_id',
  'idempotency_key',
  'amount',
  'currency',
  'state',
  'charge_id',
  'refund_id',
  'detail',
  'created_at',
  'updated_at',
  'check_after',
]);

export function toPaymentAttemptRow(s: PaymentAttemptSnapshot): PaymentAttemptRow {
  return {
    invoice_id: s.invoiceId,
    attempt: s.attempt,
    user_id: s.userId,
    idempotency_key: s.idempotencyKey,
    amount: s.amount.toDecimalString(),
    currency: s.amount.currency,
    state: s.state,
    charge_id: s.chargeId,
    refund_id: s.refundId,
    detail: s.detail,
    created_at: s.createdAt,
    updated_at: s.updatedAt,
    check_after: s.checkAfter,
  };
}

export function fromPaymentAttemptRow(row: PaymentAttemptRow): PaymentAttemptSnapshot {
  const currency = parseCurrency(row.currency);
  if (currency.isErr()) throw new Error(`payment attempt ${row.idempotency_key} has an unknown currency ${row.currency}`);
  const amount = Money.parse(row.amount, currency.value);
  if (amount.isErr()) throw new Error(`payment attempt ${row.idempotency_key} has an unreadable amount ${row.amount}`);
  return {
    invoiceId: row.invoice_id,
    attempt: row.attempt,
    userId: row.user_id,
    idempotencyKey: row.idempotency_key,
    amount: amount.value,
    state: row.state,
    chargeId: row.charge_id,
    refundId: row.refund_id,
    detail: row.detail,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    checkAfter: row.check_after,
  };
}
