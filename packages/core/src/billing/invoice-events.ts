import { defineEvents, Fields, type EnvelopeOfGroup, type RecordedEventOf } from '../kernel/event-declaration.js';

const amountFields = { invoice_id: Fields.id, user_id: Fields.id, amount: Fields.amount, currency: Fields.currency };

/** Every event of the invoice aggregate, declared once. */
export const INVOICE_EVENTS = defineEvents('invoice', {
  'invoice.created': { version: 1, payload: amountFields },
  /** `payment_attempt`: which request this is (1, 2, … after failures); part of the gateway's idempotency key. */
  'invoice.payment_requested': { version: 1, payload: { ...amountFields, payment_attempt: Fields.positiveInt } },
  'invoice.paid': { version: 1, payload: { ...amountFields, paid_at: Fields.timestamp, charge_id: Fields.text } },
  'invoice.payment_failed': { version: 1, payload: { invoice_id: Fields.id, reason: Fields.text } },
});

export type InvoiceEvent = RecordedEventOf<typeof INVOICE_EVENTS>;
export type InvoiceEnvelope<T extends InvoiceEvent['event_type'] = InvoiceEvent['event_type']> = Extract<
  EnvelopeOfGroup<typeof INVOICE_EVENTS>,
  { event_type: T }
>;
