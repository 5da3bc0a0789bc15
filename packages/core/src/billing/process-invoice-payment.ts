import type { Clock } from '../kernel/clock.js';
import type { Failure } from '../kernel/errors.js';
import type { Logger } from '../kernel/logger.js';
import { err, ok, type Result } from '../kernel/result.js';
import { retryOnConflict } from '../kernel/retry-on-conflict.js';
import type { UnitOfWork } from '../kernel/unit-of-work.js';
import type { Delivery, EventHandler, HandleOutcome, Subscription } from '../messaging/event-handler.js';
import type { MessagingTransaction } from '../messaging/inbox.js';
import type { BillingReads, BillingTransaction } from './billing-transaction.js';
import type { InvoiceEnvelope } from './invoice-events.js';
import type { ChargeOutcome, PaymentGateway } from './payment-gateway.js';

export const PROCESS_INVOICE_PAYMENT: Subscription<'invoice.payment_requested'> = {
  consumer: 'billing.process-invoice-payment',
  eventTypes: ['invoice.payment_requested'],
};

type PaymentRequested = InvoiceEnvelope<'invoice.payment_requested'>;

/**
 * Handles `invoice.payment_requested`: charges through the gateway and settles the invoice as
 * `paid`, or `payment_failed` on a decline (or when the gateway is still unavailable on the last
 * delivery). A transient failure before then is an `Err`, so the broker redelivers.
 *
 * Exactly one payment, however the message arrives:
 * - the gateway's idempotency key is the invoice id plus the request number, so a redelivery or a
 *   second worker charges nothing new;
 * - settlement writes the inbox row and the guarded state change in one transaction, so a
 *   duplicate changes nothing and two workers cannot both settle (the version check decides);
 * - a request that is no longer current (already paid, superseded) is not charged at all.
 */
export class ProcessInvoicePayment implements EventHandler<PaymentRequested> {
  readonly subscription = PROCESS_INVOICE_PAYMENT;

  constructor(
    private readonly deps: {
      readonly uow: UnitOfWork<BillingTransaction & MessagingTransaction, BillingReads>;
      readonly gateway: PaymentGateway;
      readonly clock: Clock;
      readonly logger: Logger;
    },
  ) {}

  async handle(event: PaymentRequested, delivery: Delivery): Promise<Result<HandleOutcome, Failure<string>>> {
    const { invoice_id: invoiceId, user_id: userId, payment_attempt: attempt } = event.payload;
    const log = { event_id: event.event_id, correlation_id: event.correlation_id, invoice_id: invoiceId, attempt };

    const invoice = await this.deps.uow.read((repos) => repos.invoices.findById(invoiceId));
    if (!invoice?.awaitsSettlementOf(attempt)) {
      this.deps.logger.info('payment request is no longer current; not charging', log);
      return this.settle(event, null);
    }

    const charged = await this.deps.gateway.charge({
      idempotencyKey: `${invoiceId}:${attempt}`,
      invoiceId,
      customerId: userId,
      amount: invoice.amount,
    });
    let outcome: ChargeOutcome;
    if (charged.isOk()) {
      outcome = charged.value;
    } else if (delivery.attempt < delivery.maxAttempts) {
      this.deps.logger.warn('payment gateway unavailable; the message will be retried', {
        ...log,
        delivery_attempt: delivery.attempt,
        error: charged.error.message,
      });
      return err(charged.error);
    } else {
      outcome = { status: 'declined', reason: `payment gateway unavailable after ${delivery.attempt} attempts` };
    }
    const settled = await this.settle(event, outcome);
    if (settled.isOk()) this.deps.logger.info(`invoice payment ${outcome.status}`, { ...log, outcome: settled.value });
    return settled;
  }

  /** Records the message in the inbox and applies the outcome, if the request is still current. */
  private settle(event: PaymentRequested, outcome: ChargeOutcome | null): Promise<Result<HandleOutcome, Failure<string>>> {
    const { invoice_id: invoiceId, payment_attempt: attempt } = event.payload;
    return retryOnConflict(() =>
      this.deps.uow.transaction<HandleOutcome, Failure<string>>(
        async (tx) => {
          if (!(await tx.inbox.markProcessed(this.subscription.consumer, event.event_id))) return ok('duplicate');
          const invoice = await tx.invoices.findById(invoiceId);
          if (!outcome || !invoice?.awaitsSettlementOf(attempt)) return ok('ignored');

          const now = this.deps.clock.now();
          const applied =
            outcome.status === 'succeeded' ? invoice.markPaid(outcome.chargeId, now) : invoice.markPaymentFailed(outcome.reason, now);
          if (applied.isErr()) return ok('ignored');
          const saved = await tx.invoices.save(invoice);
          return saved.isErr() ? err(saved.error) : ok('handled');
        },
        { correlationId: event.correlation_id, causationId: event.event_id },
      ),
    );
  }
}
