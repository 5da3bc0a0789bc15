import type { Failure } from '../kernel/errors.js';

export type InvoiceNotFound = Failure<'INVOICE_NOT_FOUND'>;
export type InvoiceAlreadyPaid = Failure<'INVOICE_ALREADY_PAID'>;
export type InvoicePaymentInProgress = Failure<'INVOICE_PAYMENT_IN_PROGRESS'>;
/** A transient gateway failure: the message is retried. */
export type PaymentGatewayUnavailable = Failure<'PAYMENT_GATEWAY_UNAVAILABLE'>;

export type BillingError = InvoiceNotFound | InvoiceAlreadyPaid | InvoicePaymentInProgress | PaymentGatewayUnavailable;

export const BillingErrors = {
  invoiceNotFound: (id: string): InvoiceNotFound => ({ code: 'INVOICE_NOT_FOUND', message: `Invoice ${id} was not found.` }),
  invoiceAlreadyPaid: (id: string): InvoiceAlreadyPaid => ({
    code: 'INVOICE_ALREADY_PAID',
    message: `Invoice ${id} is already paid.`,
  }),
  invoicePaymentInProgress: (id: string): InvoicePaymentInProgress => ({
    code: 'INVOICE_PAYMENT_IN_PROGRESS',
    message: `Payment of invoice ${id} has already been requested and is being processed.`,
  }),
  paymentGatewayUnavailable: (detail: string): PaymentGatewayUnavailable => ({
    code: 'PAYMENT_GATEWAY_UNAVAILABLE',
    message: `The payment gateway is unavailable: ${detail}`,
  }),
} as const;
