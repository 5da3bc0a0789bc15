import { err, ok, type Result } from '../kernel/result.js';
import type { ErasedRecords, UserErasure } from '../users/user-erasure.js';
import { UserErrors, type UserHasPaymentInProgress } from '../users/user-errors.js';
import type { InvoiceRepository } from './invoice-repository.js';

/**
 * Billing's answer when a user is deleted: their invoices go too — unless a charge is in flight,
 * since the charge could then succeed with no invoice left to record it (money without a record).
 * The invoices are locked first, so no payment can be requested between the check and the delete.
 */
export class InvoiceErasure implements UserErasure {
  constructor(private readonly invoices: InvoiceRepository) {}

  async erase(userId: string): Promise<Result<ErasedRecords, UserHasPaymentInProgress>> {
    const invoices = await this.invoices.lockAllOfUser(userId);
    if (invoices.some((invoice) => invoice.status === 'payment_requested')) return err(UserErrors.paymentInProgress(userId));
    return ok({ invoiceIds: await this.invoices.removeAllOfUser(userId) });
  }
}
