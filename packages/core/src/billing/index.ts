export * from './invoice.js';
export * from './invoice-events.js';
export type * from './invoice-repository.js';
export * from './create-invoice.js';
export * from './get-invoice.js';
export * from './list-invoices.js';
export * from './request-invoice-payment.js';
export * from './process-invoice-payment.js';
