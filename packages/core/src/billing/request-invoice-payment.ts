import { AccessPolicy } from '../shared/access-policy.js';
import type { Clock } from '../shared/clock.js';
import {
  DomainErrors,
  type ConcurrencyConflict,
  type InvoiceAlreadyPaid,
  type InvoiceNotFound,
  type InvoicePaymentInProgress,
  type Unauthenticated,
} from '../shared/domain-error.js';
import { isUuid } from '../shared/ids.js';
import type { RequestContext } from '../shared/request-context.js';
import { err, ok, type Result } from '../shared/result.js';
import { retryOnConflict } from '../shared/retry-on-conflict.js';
import type { UnitOfWork } from '../shared/unit-of-work.js';
import { freshValue, runIdempotently, type Idempotent, type IdempotencyError, type IdempotencyRequest } from '../shared/idempotent.js';
import type { InvoiceView } from './invoice.js';

export type RequestInvoicePaymentError =
  Unauthenticated | InvoiceNotFound | InvoiceAlreadyPaid | InvoicePaymentInProgress | ConcurrencyConflict | IdempotencyError;

/**
 * The owner or an admin asks for payment: the invoice moves to `payment_requested` and
 * `invoice.payment_requested` goes to the worker through the outbox.
 */
export class RequestInvoicePayment {
  constructor(private readonly deps: { readonly uow: UnitOfWork; readonly clock: Clock }) {}

  async execute(input: { readonly id: string }, ctx: RequestContext): Promise<Result<InvoiceView, RequestInvoicePaymentError>> {
    return freshValue(await this.executeIdempotent(input, ctx, undefined));
  }

  /** With an idempotency request, a repeat of the same request replays the first answer. */
  async executeIdempotent(
    input: { readonly id: string },
    ctx: RequestContext,
    idempotency: IdempotencyRequest<InvoiceView> | undefined,
  ): Promise<Result<Idempotent<InvoiceView>, RequestInvoicePaymentError>> {
    const actor = AccessPolicy.requireAuthenticated(ctx.principal);
    if (actor.isErr()) return err(actor.error);
    if (!isUuid(input.id)) return err(DomainErrors.invoiceNotFound(input.id));

    return retryOnConflict(() =>
      this.deps.uow.transaction(
        (tx) =>
          runIdempotently(
            tx.idempotencyKeys,
            this.deps.clock,
            ctx.principal,
            idempotency,
            async (): Promise<Result<InvoiceView, RequestInvoicePaymentError>> => {
              const invoice = await tx.invoices.findById(input.id);
              if (!invoice || !AccessPolicy.mayActOnUser(actor.value, invoice.userId)) {
                return err(DomainErrors.invoiceNotFound(input.id));
              }
              const requested = invoice.requestPayment(this.deps.clock.now());
              if (requested.isErr()) return err(requested.error);
              const saved = await tx.invoices.save(invoice);
              return saved.isErr() ? err(saved.error) : ok(invoice.toView());
            },
          ),
        { correlationId: ctx.correlationId },
      ),
    );
  }
}
