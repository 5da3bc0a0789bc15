import { AccessPolicy, type Actor } from '../kernel/access-policy.js';
import type { Clock } from '../kernel/clock.js';
import type { ConcurrencyConflict, IdempotencyError, Unauthenticated } from '../kernel/errors.js';
import { isUuid } from '../kernel/ids.js';
import { silentLogger, type Logger } from '../kernel/logger.js';
import type { RequestContext } from '../kernel/request-context.js';
import { err, ok, type Result } from '../kernel/result.js';
import { retryOnConflict } from '../kernel/retry-on-conflict.js';
import type { BillingUnitOfWork } from './billing-transaction.js';
import {
  BillingErrors,
  type InvoiceAlreadyPaid,
  type InvoiceNotFound,
  type InvoicePaymentInProgress,
  type PaymentGatewayUnavailable,
} from './invoice-errors.js';
import type { InvoiceView } from './invoice.js';
import { PaymentAttempt } from './payment-attempt.js';
import type { PaymentGateway } from './payment-gateway.js';
import { DEFAULT_PAYMENT_TIMINGS, PaymentReconciliation, type PaymentTimings } from './payment-reconciliation.js';

export type RequestInvoicePaymentError =
  | Unauthenticated
  | InvoiceNotFound
  | InvoiceAlreadyPaid
  | InvoicePaymentInProgress
  | PaymentGatewayUnavailable
  | ConcurrencyConflict
  | IdempotencyError;

export interface RequestInvoicePaymentDependencies {
  readonly uow: BillingUnitOfWork;
  readonly clock: Clock;
  readonly gateway: PaymentGateway;
  readonly logger?: Logger;
  readonly timings?: PaymentTimings;
}

/**
 * The owner or an admin asks for payment: the invoice moves to `payment_requested`, the attempt is
 * entered in the payment ledger, and `invoice.payment_requested` goes to the worker through the
 * outbox.
 *
 * A payment already requested is `INVOICE_PAYMENT_IN_PROGRESS` — until it has stayed unsettled past
 * the reconcile time (`PaymentTimings.reconcileAfterMs`). Then the gateway is asked about it first,
 * as the reconciler would: charged, the invoice is paid (`INVOICE_ALREADY_PAID`); not charged or
 * declined, it is marked failed and requested anew; no answer, `PAYMENT_GATEWAY_UNAVAILABLE`.
 */
export class RequestInvoicePayment {
  readonly #reconciliation: PaymentReconciliation;
  readonly #timings: PaymentTimings;

  constructor(private readonly deps: RequestInvoicePaymentDependencies) {
    this.#timings = deps.timings ?? DEFAULT_PAYMENT_TIMINGS;
    this.#reconciliation = new PaymentReconciliation({ ...deps, logger: deps.logger ?? silentLogger, timings: this.#timings });
  }

  async execute(input: { readonly id: string }, ctx: RequestContext): Promise<Result<InvoiceView, RequestInvoicePaymentError>> {
    const actor = AccessPolicy.requireAuthenticated(ctx.principal);
    if (actor.isErr()) return err(actor.error);
    if (!isUuid(input.id)) return err(BillingErrors.invoiceNotFound(input.id));

    const requested = await this.#request(input.id, actor.value, ctx);
    if (requested.isOk() || requested.error.code !== 'INVOICE_PAYMENT_IN_PROGRESS') return requested;

    // Requested before. Past the reconcile time (its worker may have died) the gateway is asked first,
    // as the reconciler would, and the request is made again against what it said. Rare, so this
    // path pays the extra read, not every request.
    const current = await this.deps.uow.read((repos) => repos.invoices.findById(input.id));
    if (current?.status === 'payment_requested') {
      // Committed on its own: what the gateway said stands even if the request below is refused.
      const settled = await this.#reconciliation.settleIfDue(current.id, current.paymentAttempt, {
        correlationId: ctx.correlationId,
        principal: ctx.principal,
      });
      if (settled.isErr() && settled.error.code === 'PAYMENT_GATEWAY_UNAVAILABLE') return err(settled.error);
      // Not due yet: still in progress. A conflict means someone settled it at the same moment.
      if (settled.isOk() && settled.value === 'none') return requested;
    }
    return this.#request(input.id, actor.value, ctx);
  }

  #request(id: string, actor: Actor, ctx: RequestContext): Promise<Result<InvoiceView, RequestInvoicePaymentError>> {
    return retryOnConflict(() =>
      this.deps.uow.transaction(async (tx): Promise<Result<InvoiceView, RequestInvoicePaymentError>> => {
        const invoice = await tx.invoices.findById(id);
        if (!invoice || !AccessPolicy.mayActOnUser(actor, invoice.userId)) return err(BillingErrors.invoiceNotFound(id));
        const now = this.deps.clock.now();
        const requested = invoice.requestPayment(now);
        if (requested.isErr()) return err(requested.error);
        const saved = await tx.invoices.save(invoice);
        if (saved.isErr()) return err(saved.error);
        await tx.payments.save(PaymentAttempt.requested(invoice, now, new Date(now.getTime() + this.#timings.reconcileAfterMs)));
        return ok(invoice.toView());
      }, ctx),
    );
  }
}
