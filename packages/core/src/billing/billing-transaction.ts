import type { UnitOfWork } from '../kernel/unit-of-work.js';
import type { InvoiceReads, InvoiceRepository } from './invoice-repository.js';
import type { PaymentLedger } from './payment-ledger.js';

/** The part of a transaction the billing context works with. */
export interface BillingTransaction {
  readonly invoices: InvoiceRepository;
  readonly payments: PaymentLedger;
}

export interface BillingReads {
  readonly invoices: InvoiceReads;
}

export type BillingUnitOfWork = UnitOfWork<BillingTransaction, BillingReads>;
