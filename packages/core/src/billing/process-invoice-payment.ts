import type { Clock } from '../shared/clock.js';
import type { DomainError } from '../shared/domain-error.js';
import type { EventEnvelope } from '../shared/domain-event.js';
import type { Delivery, EventHandler, HandleOutcome } from '../shared/event-handler.js';
import type { Logger } from '../shared/logger.js';
import type { ChargeOutcome, PaymentGateway } from '../shared/payment-gateway.js';
import { err, ok, type Result } from '../shared/result.js';
import { retryOnConflict } from '../shared/retry-on-conflict.js';
import type { UnitOfWork } from '../shared/unit-of-work.js';
import { isEventOfType } from '../event-catalogue.js';

export const PROCESS_INVOICE_PAYMENT_CONSUMER = 'billing.process-invoice-payment';

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
export class ProcessInvoicePayment implements EventHandler {
  readonly consumer = PROCESS_INVOICE_PAYMENT_CONSUMER;
  readonly eventTypes = ['invoice.payment_requested'] as const;

  constructor(
    private readonly deps: {
      readonly uow: UnitOfWork;
      readonly gateway: PaymentGateway;
      readonly clock: Clock;
      readonly logger: Logger;
    },
  ) {}

  async handle(event: EventEnvelope, delivery: Delivery): Promise<Result<HandleOutcome, DomainError>> {
    if (!isEventOfType(event, 'invoice.payment_requested')) return ok('ignored');
    const { invoice_id: invoiceId, user_id: userId, payment_attempt: attempt } = event.payload;
    const log = { event_id: event.event_id, correlation_id: event.correlation_id, invoice_id: invoiceId, attempt };

    const invoice = await this.deps.uow.read((repos) => repos.invoices.findById(invoiceId));
    if (!invoice?.awaitsSettlementOf(attempt)) {
      this.deps.logger.info('payment request is no longer current; not charging', log);
      return this.settle(event, attempt, null);
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
    const settled = await this.settle(event, attempt, outcome);
    if (settled.isOk()) this.deps.logger.info(`invoice payment ${outcome.status}`, { ...log, outcome: settled.value });
    return settled;
  }

  /** Records the message in the inbox and applies the outcome, if the request is still current. */
  private settle(
    event: EventEnvelope<'invoice.payment_requested', { invoice_id: string }>,
    attempt: number,
    outcome: ChargeOutcome | null,
  ): Promise<Result<HandleOutcome, DomainError>> {
    return retryOnConflict(() =>
      this.deps.uow.transaction<HandleOutcome, DomainError>(
        async (tx) => {
          if (!(await tx.inbox.markProcessed(this.consumer, event.event_id))) return ok('duplicate');
          const invoice = await tx.invoices.findById(event.payload.invoice_id);
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
