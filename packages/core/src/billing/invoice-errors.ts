import type { Failure } from '../kernel/errors.js';

export const BillingErrors = {
  invoiceNotFound: (id: string): Failure<'INVOICE_NOT_FOUND'> => ({ code: 'INVOICE_NOT_FOUND', message: `Invoice ${id} was not found.` }),
  invoiceAlreadyPaid: (id: string): Failure<'INVOICE_ALREADY_PAID'> => ({
    code: 'INVOICE_ALREADY_PAID',
    message: `Invoice ${id} is already paid.`,
  }),
  invoicePaymentInProgress: (id: string): Failure<'INVOICE_PAYMENT_IN_PROGRESS'> => ({
    code: 'INVOICE_PAYMENT_IN_PROGRESS',
    message: `Payment of invoice ${id} has already been requested and is being processed.`,
  }),
  /** A transient gateway failure: the message is retried. */
  paymentGatewayUnavailable: (detail: string): Failure<'PAYMENT_GATEWAY_UNAVAILABLE'> => ({
    code: 'PAYMENT_GATEWAY_UNAVAILABLE',
    message: `The payment gateway is unavailable: ${detail}`,
  }),
} as const;

export type InvoiceNotFound = ReturnType<typeof BillingErrors.invoiceNotFound>;
export type InvoiceAlreadyPaid = ReturnType<typeof BillingErrors.invoiceAlreadyPaid>;
export type InvoicePaymentInProgress = ReturnType<typeof BillingErrors.invoicePaymentInProgress>;
export type PaymentGatewayUnavailable = ReturnType<typeof BillingErrors.paymentGatewayUnavailable>;
/** Every error of the billing context. */
export type BillingError = ReturnType<(typeof BillingErrors)[keyof typeof BillingErrors]>;
