import type { Result } from '../kernel/result.js';
import type { UserHasPaymentInProgress } from './user-errors.js';

export interface ErasedRecords {
  /** SPEC: `user.deleted` lists the invoices that went with the user. */
  readonly invoiceIds: readonly string[];
}

/**
 * Port: what other contexts hold for a user, erased in the transaction that deletes the user
 * (SPEC: a user's invoices go with the user). It may refuse while erasing would lose a record of
 * money being moved. Billing implements it over its invoices.
 */
export interface UserErasure {
  erase(userId: string): Promise<Result<ErasedRecords, UserHasPaymentInProgress>>;
}
