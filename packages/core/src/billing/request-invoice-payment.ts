import { AccessPolicy } from '../kernel/access-policy.js';
import type { Clock } from '../kernel/clock.js';
import type { ConcurrencyConflict, IdempotencyError, Unauthenticated } from '../kernel/errors.js';
import { isUuid } from '../kernel/ids.js';
import type { RequestContext } from '../kernel/request-context.js';
import { err, ok, type Result } from '../kernel/result.js';
import { retryOnConflict } from '../kernel/retry-on-conflict.js';
import type { BillingUnitOfWork } from './billing-transaction.js';
import { BillingErrors, type InvoiceAlreadyPaid, type InvoiceNotFound, type InvoicePaymentInProgress } from './invoice-errors.js';
import type { InvoiceView } from './invoice.js';

export type RequestInvoicePaymentError =
  Unauthenticated | InvoiceNotFound | InvoiceAlreadyPaid | InvoicePaymentInProgress | ConcurrencyConflict | IdempotencyError;

/**
 * The owner or an admin asks for payment: the invoice moves to `payment_requested` and
 * `invoice.payment_requested` goes to the worker through the outbox.
 */
export class RequestInvoicePayment {
  constructor(private readonly deps: { readonly uow: BillingUnitOfWork; readonly clock: Clock }) {}

  async execute(input: { readonly id: string }, ctx: RequestContext): Promise<Result<InvoiceView, RequestInvoicePaymentError>> {
    const actor = AccessPolicy.requireAuthenticated(ctx.principal);
    if (actor.isErr()) return err(actor.error);
    if (!isUuid(input.id)) return err(BillingErrors.invoiceNotFound(input.id));

    return retryOnConflict(() =>
      this.deps.uow.transaction(async (tx): Promise<Result<InvoiceView, RequestInvoicePaymentError>> => {
        const invoice = await tx.invoices.findById(input.id);
        if (!invoice || !AccessPolicy.mayActOnUser(actor.value, invoice.userId)) return err(BillingErrors.invoiceNotFound(input.id));
        const requested = invoice.requestPayment(this.deps.clock.now());
        if (requested.isErr()) return err(requested.error);
        const saved = await tx.invoices.save(invoice);
        return saved.isErr() ? err(saved.error) : ok(invoice.toView());
      }, ctx),
    );
  }
}
