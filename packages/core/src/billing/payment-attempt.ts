import type { Money } from '../kernel/money.js';
import type { Invoice } from './invoice.js';

/**
 * - `requested`: payment was asked for; no charge has been sent yet.
 * - `started`: a worker is about to send the charge, or has: money may have moved.
 * - `succeeded`: charged, and the invoice is paid with this charge.
 * - `declined`: the provider declined; nothing was charged.
 * - `not_charged`: the provider has no charge for the key (found by the reconciler); nothing was charged.
 * - `refund_due`: charged, but the invoice is gone or no longer waits for this attempt; the charge goes back.
 * - `refunded`: that charge was refunded.
 */
export const PAYMENT_ATTEMPT_STATES = ['requested', 'started', 'succeeded', 'declined', 'not_charged', 'refund_due', 'refunded'] as const;
export type PaymentAttemptState = (typeof PAYMENT_ATTEMPT_STATES)[number];

/** States in which the provider may hold a charge nobody has recorded yet. */
const UNSETTLED: readonly PaymentAttemptState[] = ['requested', 'started'];

export interface PaymentAttemptSnapshot {
  readonly invoiceId: string;
  readonly userId: string;
  /** The invoice's payment request number this attempt belongs to. */
  readonly attempt: number;
  /** What the gateway knows the charge by: the same key never charges twice. */
  readonly idempotencyKey: string;
  readonly amount: Money;
  readonly state: PaymentAttemptState;
  readonly chargeId: string | null;
  readonly refundId: string | null;
  /** Why it was declined, not charged or refunded. */
  readonly detail: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  /**
   * When the reconciler should look at it (next): set while the attempt is unsettled or a refund
   * is due, null once nothing is left to do.
   */
  readonly checkAfter: Date | null;
}

/** The idempotency key of an invoice's payment request: one charge per request, however often it is sent. */
export function chargeKeyOf(invoiceId: string, attempt: number): string {
  return `${invoiceId}:${String(attempt)}`;
}

/**
 * One entry of the payment ledger: an attempt to charge an invoice, recorded before the gateway is
 * called and kept whatever happens to the invoice (the record of money moving must outlive it).
 */
export class PaymentAttempt {
  private constructor(private state: PaymentAttemptSnapshot) {}

  static restore(snapshot: PaymentAttemptSnapshot): PaymentAttempt {
    return new PaymentAttempt(snapshot);
  }

  /** The entry for the invoice's current payment request; the reconciler looks at it after `checkAfter`. */
  static requested(invoice: Invoice, now: Date, checkAfter: Date): PaymentAttempt {
    return new PaymentAttempt({
      invoiceId: invoice.id,
      userId: invoice.userId,
      attempt: invoice.paymentAttempt,
      idempotencyKey: chargeKeyOf(invoice.id, invoice.paymentAttempt),
      amount: invoice.amount,
      state: 'requested',
      chargeId: null,
      refundId: null,
      detail: null,
      createdAt: now,
      updatedAt: now,
      checkAfter,
    });
  }

  get invoiceId(): string {
    return this.state.invoiceId;
  }
  get attempt(): number {
    return this.state.attempt;
  }
  get idempotencyKey(): string {
    return this.state.idempotencyKey;
  }
  get amount(): Money {
    return this.state.amount;
  }
  get status(): PaymentAttemptState {
    return this.state.state;
  }
  get chargeId(): string | null {
    return this.state.chargeId;
  }
  get checkAfter(): Date | null {
    return this.state.checkAfter;
  }

  /** Still open: a charge may be sent, or may have been without being recorded. */
  get isUnsettled(): boolean {
    return UNSETTLED.includes(this.state.state);
  }

  /** Whether the reconciler should look at it now. */
  isDue(now: Date): boolean {
    return this.state.checkAfter !== null && this.state.checkAfter.getTime() <= now.getTime();
  }

  /** A worker is about to charge: the reconciler leaves the attempt alone until `checkAfter`. */
  start(now: Date, checkAfter: Date): void {
    this.change({ state: 'started', updatedAt: now, checkAfter });
  }

  succeeded(chargeId: string, now: Date): void {
    this.change({ state: 'succeeded', chargeId, detail: null, updatedAt: now, checkAfter: null });
  }

  declined(reason: string, now: Date): void {
    this.change({ state: 'declined', detail: reason, updatedAt: now, checkAfter: null });
  }

  notCharged(reason: string, now: Date): void {
    this.change({ state: 'not_charged', detail: reason, updatedAt: now, checkAfter: null });
  }

  /** Money was taken that no invoice will record: it must go back (now, or by the reconciler). */
  refundDue(chargeId: string, reason: string, now: Date): void {
    this.change({ state: 'refund_due', chargeId, detail: reason, updatedAt: now, checkAfter: now });
  }

  refunded(refundId: string, now: Date): void {
    this.change({ state: 'refunded', refundId, updatedAt: now, checkAfter: null });
  }

  /** Look (again) at `checkAfter` — later, when the gateway could not be asked now; never, with null. */
  deferUntil(checkAfter: Date | null, now: Date): void {
    this.change({ updatedAt: now, checkAfter });
  }

  toSnapshot(): PaymentAttemptSnapshot {
    return this.state;
  }

  private change(changes: Partial<PaymentAttemptSnapshot>): void {
    this.state = { ...this.state, ...changes };
  }
}
