import { Money, parseCurrency, type InvoiceSnapshot, type InvoiceStatus } from '@hexabill/core';
import { columnsOf } from '../sql.js';

export interface InvoiceRow {
  id: string;
  user_id: string;
  /** NUMERIC(15,2) comes back from pg as an exact decimal string. */
  amount: string;
  currency: string;
  status: InvoiceStatus;
  payment_attempt: number;
  charge_id: string | null;
  failure_reason: string | null;
  created_at: Date;
  updated_at: Date;
  paid_at: Date | null;
  version: number;
}

export const INVOICE_COLUMNS = columnsOf<InvoiceRow>()([
  'id',
  'user_id',
  'amount',
  'currency',
  'status',
  'payment_attempt',
  'charge_id',
  'failure_reason',
  'created_at',
  'updated_at',
  'paid_at',
  'version',
]);

export function toInvoiceRow(s: InvoiceSnapshot): InvoiceRow {
  return {
    id: s.id,
    user_id: s.userId,
    amount: s.amount.toDecimalString(),
    currency: s.amount.currency,
    status: s.status,
    payment_attempt: s.paymentAttempt,
    charge_id: s.chargeId,
    failure_reason: s.failureReason,
    created_at: s.createdAt,
    updated_at: s.updatedAt,
    paid_at: s.paidAt,
    version: s.version,
  };
}

export function fromInvoiceRow(row: InvoiceRow): InvoiceSnapshot {
  const currency = parseCurrency(row.currency);
  if (currency.isErr()) throw new Error(`invoice ${row.id} has an unknown currency ${row.currency}`);
  const amount = Money.parse(row.amount, currency.value);
  if (amount.isErr()) throw new Error(`invoice ${row.id} has an unreadable amount ${row.amount}`);
  return {
    id: row.id,
    userId: row.user_id,
    amount: amount.value,
    status: row.status,
    paymentAttempt: row.payment_attempt,
    chargeId: row.charge_id,
    failureReason: row.failure_reason,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    paidAt: row.paid_at,
    version: row.version,
  };
}
