import type { Clock } from '../kernel/clock.js';
import type { ConcurrencyConflict, Failure } from '../kernel/errors.js';
import type { Logger } from '../kernel/logger.js';
import { err, ok, type Result } from '../kernel/result.js';
import { retryOnConflict } from '../kernel/retry-on-conflict.js';
import type { PlainTransactionOptions, UnitOfWork } from '../kernel/unit-of-work.js';
import type { Delivery, EventHandler, HandleOutcome, Subscription } from '../messaging/event-handler.js';
import type { MessagingTransaction } from '../messaging/inbox.js';
import type { BillingReads, BillingTransaction } from './billing-transaction.js';
import type { PaymentGatewayUnavailable } from './invoice-errors.js';
import type { InvoiceEnvelope } from './invoice-events.js';
import { chargeKeyOf, PaymentAttempt, type PaymentAttemptState } from './payment-attempt.js';
import type { ChargeLookup, PaymentGateway } from './payment-gateway.js';
import { DEFAULT_PAYMENT_TIMINGS, PaymentReconciliation, type PaymentTimings } from './payment-reconciliation.js';
import { settlePaymentAttempt } from './settle-payment-attempt.js';

export const PROCESS_INVOICE_PAYMENT: Subscription<'invoice.payment_requested'> = {
  consumer: 'billing.process-invoice-payment',
  eventTypes: ['invoice.payment_requested'],
};

type PaymentRequested = InvoiceEnvelope<'invoice.payment_requested'>;
type LogFields = Readonly<Record<string, unknown>>;

/** Ledger states in which the gateway may hold a charge for the attempt that nobody has recorded. */
const MAY_HOLD_UNRECORDED_CHARGE: readonly PaymentAttemptState[] = ['requested', 'started', 'not_charged'];

export interface ProcessInvoicePaymentDependencies {
  readonly uow: UnitOfWork<BillingTransaction & MessagingTransaction, BillingReads>;
  readonly gateway: PaymentGateway;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly timings?: PaymentTimings;
}

/**
 * Handles `invoice.payment_requested`: charges through the gateway and settles the invoice as
 * `paid`, or `payment_failed` on a decline. A transient failure is an `Err`, so the broker
 * redelivers; on the last delivery the attempt is left to the reconciler, which asks the gateway
 * what happened (the message is acknowledged, not dead-lettered).
 *
 * Exactly one payment, however the message arrives, and no charge without a record:
 * - the attempt is recorded in the payment ledger as `started`, in a transaction of its own that
 *   commits before the gateway is called; whatever happens next (the worker killed, the answer
 *   lost), the reconciler finds the attempt and settles it;
 * - the gateway's idempotency key is the invoice id plus the request number, so a redelivery or a
 *   second worker charges nothing new;
 * - settlement writes the inbox row, the ledger entry and the guarded invoice change in one
 *   transaction, so a duplicate changes nothing and two workers cannot both settle;
 * - a request that is no longer current (already paid, superseded, settled by the reconciler) is
 *   not charged; if an earlier delivery may have charged it, the gateway is asked, and a charge no
 *   invoice records is refunded.
 */
export class ProcessInvoicePayment implements EventHandler<PaymentRequested> {
  readonly subscription = PROCESS_INVOICE_PAYMENT;
  readonly #reconciliation: PaymentReconciliation;
  readonly #timings: PaymentTimings;

  constructor(private readonly deps: ProcessInvoicePaymentDependencies) {
    this.#timings = deps.timings ?? DEFAULT_PAYMENT_TIMINGS;
    this.#reconciliation = new PaymentReconciliation({ ...deps, timings: this.#timings });
  }

  async handle(event: PaymentRequested, delivery: Delivery): Promise<Result<HandleOutcome, Failure<string>>> {
    const { invoice_id: invoiceId, user_id: userId, payment_attempt: attempt } = event.payload;
    const log = { event_id: event.event_id, correlation_id: event.correlation_id, invoice_id: invoiceId, attempt };

    const started = await this.start(event);
    if (!started) return this.notCurrent(event, delivery, log);

    const charged = await this.deps.gateway.charge({
      idempotencyKey: started.idempotencyKey,
      invoiceId,
      customerId: userId,
      amount: started.amount,
    });
    if (charged.isErr()) return this.unanswered(event, delivery, charged.error, log);
    const settled = await this.settle(event, charged.value, log);
    if (settled.isOk()) this.deps.logger.info(`invoice payment ${charged.value.status}`, { ...log, outcome: settled.value });
    return settled;
  }

  /**
   * Records the attempt as `started` — committed before the gateway is called — if the invoice
   * still waits for it and nobody settled it meanwhile; returns null when there is nothing to charge.
   */
  private async start(event: PaymentRequested): Promise<PaymentAttempt | null> {
    const { invoice_id: invoiceId, payment_attempt: attempt } = event.payload;
    const started = await this.deps.uow.transaction<PaymentAttempt | null, never>(async (tx) => {
      const invoice = await tx.invoices.findById(invoiceId);
      if (!invoice?.awaitsSettlementOf(attempt)) return ok(null);
      const now = this.deps.clock.now();
      // Waits while the reconciler holds the entry; it may then have been settled.
      const entry = (await tx.payments.lock(invoiceId, attempt)) ?? PaymentAttempt.requested(invoice, now, now);
      if (!entry.isUnsettled) return ok(null);
      entry.start(now, new Date(now.getTime() + this.#timings.reconcileAfterMs));
      await tx.payments.save(entry);
      return ok(entry);
    }, this.contextOf(event));
    return started.isOk() ? started.value : null;
  }

  /**
   * The invoice no longer waits for this request. Usually a duplicate; but if the ledger does not
   * know the outcome of its charge, an earlier delivery may have charged it: ask the gateway, so a
   * charge nobody recorded is refunded.
   */
  private async notCurrent(event: PaymentRequested, delivery: Delivery, log: LogFields): Promise<Result<HandleOutcome, Failure<string>>> {
    const { invoice_id: invoiceId, payment_attempt: attempt } = event.payload;
    const state = await this.ledgerStateOf(invoiceId, attempt);
    if (state === null || !MAY_HOLD_UNRECORDED_CHARGE.includes(state)) {
      this.deps.logger.info('payment request is no longer current; not charging', log);
      return this.settle(event, null, log);
    }
    const answer = await this.deps.gateway.lookup(chargeKeyOf(invoiceId, attempt));
    if (answer.isErr()) return this.unanswered(event, delivery, answer.error, log);
    return this.settle(event, answer.value, log);
  }

  private async ledgerStateOf(invoiceId: string, attempt: number): Promise<PaymentAttemptState | null> {
    const state = await this.deps.uow.transaction<PaymentAttemptState | null, never>(async (tx) =>
      ok((await tx.payments.lock(invoiceId, attempt))?.status ?? null),
    );
    return state.isOk() ? state.value : null;
  }

  /** The gateway did not answer: retry by redelivery, or — on the last delivery — leave it to the reconciler. */
  private async unanswered(
    event: PaymentRequested,
    delivery: Delivery,
    error: PaymentGatewayUnavailable,
    log: LogFields,
  ): Promise<Result<HandleOutcome, Failure<string>>> {
    const fields = { ...log, delivery_attempt: delivery.attempt, error: error.message };
    if (delivery.attempt < delivery.maxAttempts) {
      this.deps.logger.warn('payment gateway unavailable; the message will be retried', fields);
      return err(error);
    }
    this.deps.logger.warn('payment gateway unavailable on the last delivery; the reconciler will settle the payment', fields);
    const acknowledged = await this.settle(event, null, log);
    return acknowledged.map((outcome) => (outcome === 'ignored' ? 'handled' : outcome));
  }

  /**
   * Records the message in the inbox and applies the gateway's answer to the ledger and the invoice,
   * in one transaction; then refunds a charge that no invoice records.
   */
  private async settle(
    event: PaymentRequested,
    answer: ChargeLookup | null,
    log: LogFields,
  ): Promise<Result<HandleOutcome, Failure<string>>> {
    const { invoice_id: invoiceId, payment_attempt: attempt } = event.payload;
    const settled = await retryOnConflict(() =>
      this.deps.uow.transaction<{ outcome: HandleOutcome; refundDue: boolean }, ConcurrencyConflict>(async (tx) => {
        if (!(await tx.inbox.markProcessed(this.subscription.consumer, event.event_id)))
          return ok({ outcome: 'duplicate', refundDue: false });
        const entry = answer ? await tx.payments.lock(invoiceId, attempt) : null;
        if (!answer || !entry) return ok({ outcome: 'ignored', refundDue: false });
        const settlement = await settlePaymentAttempt(tx, entry, answer, this.deps.clock.now());
        if (settlement.isErr()) return err(settlement.error);
        return ok({ outcome: settlement.value === 'unchanged' ? 'ignored' : 'handled', refundDue: settlement.value === 'refund_due' });
      }, this.contextOf(event)),
    );
    if (settled.isErr()) return err(settled.error);
    if (settled.value.refundDue) {
      this.deps.logger.warn('charge with no invoice to settle; refunding it', {
        ...log,
        charge_id: answer?.status === 'succeeded' ? answer.chargeId : null,
      });
      await this.#reconciliation.refundIfDue(invoiceId, attempt);
    }
    return ok(settled.value.outcome);
  }

  private contextOf(event: PaymentRequested): PlainTransactionOptions {
    return { correlationId: event.correlation_id, causationId: event.event_id };
  }
}
