import type { BillingError } from './billing/invoice-errors.js';
import type { KernelError } from './kernel/errors.js';
import type { UserError } from './users/user-errors.js';

/** Every expected failure of hexabill, discriminated by its stable `code`. */
export type DomainError = KernelError | UserError | BillingError;
export type DomainErrorCode = DomainError['code'];
