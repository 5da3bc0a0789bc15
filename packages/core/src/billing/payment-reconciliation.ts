import type { Clock } from '../kernel/clock.js';
import type { ConcurrencyConflict } from '../kernel/errors.js';
import type { Logger } from '../kernel/logger.js';
import { err, ok, type Result } from '../kernel/result.js';
import type { PlainTransactionOptions, UnitOfWork } from '../kernel/unit-of-work.js';
import type { BillingTransaction } from './billing-transaction.js';
import type { PaymentGatewayUnavailable } from './invoice-errors.js';
import type { PaymentAttempt } from './payment-attempt.js';
import type { PaymentGateway } from './payment-gateway.js';
import { settlePaymentAttempt, type Settlement } from './settle-payment-attempt.js';

export interface PaymentTimings {
  /**
   * How long a payment attempt may stay unsettled — since it was requested, or since a worker last
   * started charging it — before it is settled by asking the gateway. Keep it well above the
   * gateway's timeout, so a charge still in flight is not looked up too early.
   */
  readonly reconcileAfterMs: number;
  /** After a look-up or refund the gateway could not answer, how long until the next try. */
  readonly retryAfterMs: number;
}

export const DEFAULT_PAYMENT_TIMINGS: PaymentTimings = { reconcileAfterMs: 5 * 60_000, retryAfterMs: 60_000 };

/** `none`: nothing was due; `deferred`: the gateway did not answer, so it is tried again later. */
export type ReconcileStep = Settlement | 'refunded' | 'deferred' | 'none';

export interface PaymentReconciliationDependencies {
  readonly uow: UnitOfWork<BillingTransaction, unknown>;
  readonly gateway: PaymentGateway;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly timings?: PaymentTimings;
}

/** The idempotency key of the refund of a charge: one refund per charge, however often it is tried. */
const refundKeyOf = (attempt: PaymentAttempt): string => `refund:${attempt.idempotencyKey}`;

/**
 * Settles payment attempts whose outcome nobody recorded — a worker killed after the gateway took
 * the charge, a message that went to the dead-letter queue, a gateway that stayed down — by asking
 * the gateway about the attempt's idempotency key, and makes the refunds that are due. Each step
 * holds the ledger entry locked, so any number of workers (and the owner's retry) can run it at once
 * without settling anything twice.
 */
export class PaymentReconciliation {
  readonly timings: PaymentTimings;

  constructor(private readonly deps: PaymentReconciliationDependencies) {
    this.timings = deps.timings ?? DEFAULT_PAYMENT_TIMINGS;
  }

  /** Reconciles the ledger entry that is due soonest, if any. */
  async next(): Promise<Result<ReconcileStep, ConcurrencyConflict>> {
    return this.deps.uow.transaction(async (tx) => {
      const now = this.deps.clock.now();
      const entry = await tx.payments.lockNextDue(now);
      if (!entry) return ok('none' as const);
      return entry.status === 'refund_due' ? ok(await this.refundIn(tx, entry)) : this.lookUpIn(tx, entry);
    });
  }

  /**
   * Settles the invoice's attempt by asking the gateway, if it is unsettled and due — the owner's
   * retry of a stuck payment. Unlike the reconciler it does not defer: a gateway that cannot answer
   * is the caller's error, and nothing changes.
   */
  async settleIfDue(
    invoiceId: string,
    attempt: number,
    options: PlainTransactionOptions = {},
  ): Promise<Result<ReconcileStep, PaymentGatewayUnavailable | ConcurrencyConflict>> {
    return this.deps.uow.transaction(async (tx): Promise<Result<ReconcileStep, PaymentGatewayUnavailable | ConcurrencyConflict>> => {
      const now = this.deps.clock.now();
      const entry = await tx.payments.lock(invoiceId, attempt);
      if (!entry?.isUnsettled || !entry.isDue(now)) return ok('none');
      const answer = await this.deps.gateway.lookup(entry.idempotencyKey);
      if (answer.isErr()) return err(answer.error);
      return this.settled(entry, await settlePaymentAttempt(tx, entry, answer.value, now));
    }, options);
  }

  /** Refunds the attempt's charge now if a refund is due; on failure the reconciler tries again later. */
  async refundIfDue(invoiceId: string, attempt: number): Promise<ReconcileStep> {
    const result = await this.deps.uow.transaction<ReconcileStep, never>(async (tx) => {
      const entry = await tx.payments.lock(invoiceId, attempt);
      return ok(entry?.status === 'refund_due' ? await this.refundIn(tx, entry) : 'none');
    });
    return result.isOk() ? result.value : 'none';
  }

  private async lookUpIn(tx: BillingTransaction, entry: PaymentAttempt): Promise<Result<ReconcileStep, ConcurrencyConflict>> {
    const now = this.deps.clock.now();
    if (!entry.isUnsettled) {
      // Due but settled: nothing left to ask (a stale check time); stop looking at it.
      entry.deferUntil(null, now);
      await tx.payments.save(entry);
      return ok('unchanged');
    }
    const answer = await this.deps.gateway.lookup(entry.idempotencyKey);
    if (answer.isErr()) return ok(await this.defer(tx, entry, 'look-up', answer.error.message));
    return this.settled(entry, await settlePaymentAttempt(tx, entry, answer.value, now));
  }

  private settled<E>(entry: PaymentAttempt, settlement: Result<Settlement, E>): Result<Settlement, E> {
    if (settlement.isErr()) return settlement;
    const fields = {
      invoice_id: entry.invoiceId,
      attempt: entry.attempt,
      idempotency_key: entry.idempotencyKey,
      outcome: settlement.value,
    };
    if (settlement.value === 'refund_due') this.logRefundDue(entry);
    else this.deps.logger.info('payment attempt reconciled', { ...fields, state: entry.status });
    return settlement;
  }

  /** Logged wherever a charge is found that no invoice records. */
  logRefundDue(entry: PaymentAttempt): void {
    this.deps.logger.warn('charge with no invoice to settle; refunding it', {
      invoice_id: entry.invoiceId,
      attempt: entry.attempt,
      charge_id: entry.chargeId,
      reason: entry.toSnapshot().detail,
    });
  }

  private async refundIn(tx: BillingTransaction, entry: PaymentAttempt): Promise<'refunded' | 'deferred'> {
    const chargeId = entry.chargeId;
    if (chargeId === null) throw new Error(`payment attempt ${entry.idempotencyKey} is refund_due without a charge id`);
    const refunded = await this.deps.gateway.refund({ chargeId, idempotencyKey: refundKeyOf(entry), amount: entry.amount });
    if (refunded.isErr()) return this.defer(tx, entry, 'refund', refunded.error.message);
    entry.refunded(refunded.value.refundId, this.deps.clock.now());
    await tx.payments.save(entry);
    this.deps.logger.warn('charge refunded', {
      invoice_id: entry.invoiceId,
      attempt: entry.attempt,
      charge_id: chargeId,
      refund_id: refunded.value.refundId,
    });
    return 'refunded';
  }

  private async defer(tx: BillingTransaction, entry: PaymentAttempt, what: string, error: string): Promise<'deferred'> {
    const now = this.deps.clock.now();
    const retryAt = new Date(now.getTime() + this.timings.retryAfterMs);
    entry.deferUntil(retryAt, now);
    await tx.payments.save(entry);
    this.deps.logger.warn(`payment gateway unavailable; ${what} deferred`, {
      invoice_id: entry.invoiceId,
      attempt: entry.attempt,
      retry_at: retryAt.toISOString(),
      error,
    });
    return 'deferred';
  }
}
