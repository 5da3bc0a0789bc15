import type { RecordedEvent } from '../shared/domain-event.js';

export const INVOICE_AGGREGATE = 'invoice';

interface InvoiceAmountPayload {
  readonly invoice_id: string;
  readonly user_id: string;
  /** Decimal string, e.g. "100.00". */
  readonly amount: string;
  readonly currency: string;
}

export type InvoiceCreated = RecordedEvent<'invoice.created', InvoiceAmountPayload>;
export type InvoicePaymentRequested = RecordedEvent<
  'invoice.payment_requested',
  InvoiceAmountPayload & {
    /** Which request this is (1, 2, … after failures); part of the gateway's idempotency key. */
    readonly payment_attempt: number;
  }
>;
export type InvoicePaid = RecordedEvent<'invoice.paid', InvoiceAmountPayload & { readonly paid_at: string; readonly charge_id: string }>;
export type InvoicePaymentFailed = RecordedEvent<'invoice.payment_failed', { readonly invoice_id: string; readonly reason: string }>;

export type InvoiceEvent = InvoiceCreated | InvoicePaymentRequested | InvoicePaid | InvoicePaymentFailed;
export const INVOICE_EVENT_TYPES = ['invoice.created', 'invoice.payment_requested', 'invoice.paid', 'invoice.payment_failed'] as const;
